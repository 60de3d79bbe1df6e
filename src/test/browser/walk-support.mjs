// What the browser walks share: one demo user's session in Tasklist (and Cockpit, and the view of releases, with the
// same login), the checks of what a French user sees on every screen, screenshots, and the walk's runner.
// Every browser says it prefers English: the screens must be French all the same (docs/screens.md, "French screens").
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const baseUrl = (process.argv[2] || process.env.RELEASE_GATE_URL || '').replace(/\/+$/, '');
export const shotsDir = resolve(process.argv[3] || process.env.SCREENSHOTS || 'screenshots');
const password = process.env.RELEASE_GATE_PASSWORD || 'demo';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const walkTimeoutSeconds = Number(process.env.RELEASE_WALK_TIMEOUT_SECONDS || 840);
// FRENCH_CHECK=report logs the English words, engine codes and server paths found instead of failing on them: to
// list them all in one run after a Camunda upgrade.
const reportOnly = process.env.FRENCH_CHECK === 'report';

// Headless Debian Chromium on a closed network: no sandbox as root, no background calls to Google's hosts.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 800 };
export const STEP_TIMEOUT = 30_000;
// Automated steps (copy, installs, archives, health check, restore) run between the people's tasks.
export const AUTOMATED_STEPS_TIMEOUT = 120_000;

export const GROUP_TASKS = 'Tâches de mes groupes';
// What the webapps say in French (src/main/resources/META-INF/resources/webjars/camunda/app/*/locales/fr.json).
export const SCREENS = {
  logIn: 'Se connecter', startProcess: 'Démarrer un processus', start: 'Démarrer', started: 'Le processus a été démarré',
  notStarted: "Le processus n'a pas pu être démarré", noProcessToStart: "Aucune définition de processus n'est disponible",
  close: 'Fermer', complete: 'Terminer', english: 'English', french: 'Français', logInInEnglish: 'Log in',
  releasesLink: 'Mises en production', releasePolicy: 'Politique de mise en production',
};

/**
 * What Camunda's webapps, forms and engine, and Release Gate's pages, would say in English: none may show on a French
 * screen. Whole words, case as they are written on screens (a capital at the start of a label or a button, lower
 * case inside a sentence). Left out: words French writes the same (Description, Date, Type, Version, Instance,
 * Incidents, Variables, Documents, Action, Message, Total, Zoom) and the terms a French IT department keeps in English,
 * as the French locale files do (job, incident: FrenchWebappsTest's SAME_IN_FRENCH).
 */
export const ENGLISH = [
  // Tasklist
  'Claim', 'Unclaim', 'Complete', 'Save', 'Submit', 'Start process', 'Start', 'Cancel', 'Close', 'Reset',
  'No task matching filters found', 'No task', 'Select a task in the list', 'Field is required', 'Required field',
  'is required', 'Field must', 'Due in', 'Due date', 'Due', 'Created', 'Follow-up', 'Follow up', 'Set follow-up date',
  'Set due date', 'Add Comment', 'Add comment', 'Comment', 'Comments', 'Assignee', 'Assigned to you', 'Sort by',
  'Filters', 'Filter', 'My tasks', 'My Tasks', 'All Tasks', 'Tasks', 'Task', 'History', 'Diagram', 'Form', 'Loading',
  'Log out', 'Logout', 'Sign out', 'Sign in', 'Log in', 'Login', 'Username', 'Password', 'My profile', 'Profile',
  'Welcome', 'Powered by', 'Search', 'Show more', 'Show less', 'Show', 'Hide', 'Process name', 'Task name',
  'Keyboard Shortcuts', 'Shortcuts', 'Priority', 'Owner', 'Name', 'Value', 'Yes', 'No', 'Select', 'Today', 'Previous',
  'Next', 'Back', 'Edit', 'Delete', 'Remove', 'Add', 'Create', 'Update', 'Download', 'Upload', 'Abort', 'Resolve',
  'Delegate', 'Refresh', 'Apply', 'Clear', 'Ascending', 'Descending', 'Expand', 'Collapse', 'Copy', 'Link', 'Open',
  'Settings', 'Help', 'None', 'All', 'Other', 'Candidate', 'Candidate Groups', 'Candidate Users', 'Groups', 'Users',
  'The process could not be started', 'The process has been started', 'The task is completed',
  // Cockpit
  'Dashboard', 'Process', 'Processes', 'Decisions', 'Deployments', 'Deployment', 'Human Tasks', 'Batches', 'More',
  'Running', 'Process Definitions', 'Process Definition', 'Process Instances', 'Process Instance', 'Definition',
  'Definitions', 'Open Incidents', 'Failed', 'Error', 'Success', 'Details', 'Activity', 'Activities', 'Business Key',
  'Start Time', 'End Time', 'Duration', 'Called', 'Suspend', 'Suspended', 'Activate', 'Retry', 'Key', 'State',
  'Status', 'Tenant', 'Tenants', 'Releases', 'Reports', 'Report', 'Every release', 'Road book', 'road book',
  // Admin
  'Authorizations', 'Authorization', 'System', 'Users', 'User', 'Group', 'Members', 'Account', 'First Name',
  'First name', 'Last Name', 'Last name', 'Email', 'Change password', 'Permissions', 'Resource', 'Grant', 'Revoke',
  'General', 'Diagnostics', 'Metrics', 'Execution', 'License',
  // the engine's and the REST API's refusals, Camunda's banner, an English sentence
  'Cannot', 'Could not', 'not found', 'is not', 'does not', 'Exception', 'must', 'should', 'Unknown',
  'It is time to migrate', 'Camunda 8', 'the', 'The', 'and', 'with', 'your', 'You', 'you', 'this', 'from', 'for',
];
/**
 * What may read as one of the words above and is not English on a screen: the products' names and formats, given
 * whole (a finding inside one of them is not counted).
 */
export const PRODUCT_NAMES = ['Release Gate', 'Camunda', 'Cockpit', 'Tasklist', 'SHA-256', 'CSV', 'Excel', 'JUnit',
  'PDF', 'Camunda Modeler', 'Gestan'];
// An engine message code, a Java class, or a path on the server: a French user has nothing to do with them.
const TECHNICAL = [
  { what: 'engine code', pattern: /\bENGINE-\d+/g },
  { what: 'model id', pattern: /\b\w+#multiInstanceBody\b/g },
  { what: 'BPMN type', pattern: /\b[a-z]+(?:Task|Event|Gateway|InstanceBody|Process|Activity)\b/g },
  { what: 'Java class', pattern: /\b(?:java|javax|jakarta|org\.camunda|org\.releasegate|org\.springframework)\.[a-z][\w.$]*/g },
  { what: 'server path', pattern: /(?:^|[^\w.])\/(?:tmp|work|home|root|var|opt|srv|usr|etc)\/[^\s»"')]*/g },
  { what: 'server path', pattern: /(?:^|[^\w/])\.?\/?data\/(?:demo|archives|inbox|db)\b[^\s»"')]*/g },
  { what: 'server path', pattern: /\b[A-Z]:\\[^\s»"')]*/g },
];
// What the release report shows on purpose for its readers (auditors, operators): the folders of the install logs and
// programs, and the command that verifies a report offline.
export const REPORT_DETAILS = ['Java class', 'server path'];
const englishPattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${ENGLISH.map((text) => escaped(text)).sort((a, b) => b.length - a.length)
  .join('|')})(?![\\p{L}\\p{N}_])`, 'gu');

const productPattern = new RegExp(PRODUCT_NAMES.map((name) => escaped(name)).sort((a, b) => b.length - a.length)
  .join('|'), 'g');

/** The text around a finding, on one line: where the screen shows it. */
function around(text, index, length) {
  const from = Math.max(0, index - 50);
  const to = Math.min(text.length, index + length + 50);
  return `${from > 0 ? '…' : ''}${oneLine(text.slice(from, to))}${to < text.length ? '…' : ''}`;
}

export class WalkFailure extends Error {}
const started = Date.now();
export const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
export const check = (condition, message) => { if (!condition) throw new WalkFailure(message); };
export function escaped(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
export const exactly = (text) => new RegExp(`^\\s*${escaped(text)}\\s*$`);
export const oneLine = (text) => String(text).replace(/\s+/g, ' ').trim();
const sameNames = (actual, expected) => JSON.stringify([...actual].sort()) === JSON.stringify([...expected].sort());
export const list = (names) => (names.length ? names.map((name) => `"${name}"`).join(', ') : 'nothing');

/** Every release's tasks end with its label (ReleaseLabel): « … — Version 1.1 — 24/11/2026 14:05 (lancée par marie) ». */
export class Release {
  constructor({ targetVersion, starter, installer, roadBook, kind, policy }) {
    Object.assign(this, { targetVersion, starter, installer, roadBook, kind, policy });
    this.labelPattern = `Version ${escaped(targetVersion)} — \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d \\(lancée par ${escaped(starter)}\\)`;
  }

  /** A task's full name: its own name, then this release's label. */
  taskNamed(name) { return new RegExp(`^\\s*${escaped(name)} — ${this.labelPattern}\\s*$`); }

  /** The release's own Tasklist filter, named after its label. */
  get filterName() { return new RegExp(`^\\s*${this.labelPattern}`); }

  /** A task's own name, once checked that it ends with this release's label. */
  ownName(user, name) {
    const own = name.trim().replace(new RegExp(` — ${this.labelPattern}$`), '');
    check(own !== name.trim(), `${user} sees a task that does not name its release (${this.starter}'s ${this.targetVersion}): "${name.trim()}"`);
    return own;
  }
}

/** What a French user must not see on the page: English words, engine codes, server paths. */
export async function unFrenchOn(page) {
  const text = await page.evaluate(() => {
    // What is written in English on purpose (the link to the English screens) is not checked.
    const shown = (element) => element.checkVisibility({ visibilityProperty: true })
      && !element.closest('[lang]:not(html)')?.lang?.startsWith('en');
    const parts = [document.title, document.body.innerText];
    for (const field of document.querySelectorAll('input, textarea, select')) {
      if (!shown(field)) continue;
      if (field.tagName === 'SELECT') parts.push(field.selectedOptions[0]?.text || '');
      else if (!['radio', 'checkbox', 'password', 'file', 'hidden'].includes(field.type)) parts.push(field.value);
      if (field.placeholder) parts.push(field.placeholder);
    }
    // What the pointer shows over a button or a link, what a screen reader says, what stands for an image
    for (const element of document.querySelectorAll('[title]')) if (shown(element)) parts.push(element.title);
    for (const element of document.querySelectorAll('[aria-label], [uib-tooltip], [tooltip], img[alt]')) {
      if (!shown(element)) continue;
      for (const name of ['aria-label', 'uib-tooltip', 'tooltip', 'alt']) {
        const value = element.getAttribute(name);
        if (value && !value.includes('{{')) parts.push(value);
      }
    }
    return parts.join('\n');
  });
  return unFrenchIn(text);
}

/** What a French user must not read in `text`: English words, engine codes, server paths, each with its context. */
export function unFrenchIn(text) {
  const products = [...text.matchAll(productPattern)].map((match) => [match.index, match.index + match[0].length]);
  const inAProductName = (match) => products.some(([from, to]) => match.index >= from && match.index < to);
  const found = new Map();
  const add = (finding, match) => {
    if (!found.has(finding)) found.set(finding, `${finding} in « ${around(text, match.index, match[0].length)} »`);
  };
  for (const match of text.matchAll(englishPattern)) if (!inAProductName(match)) add(`"${match[0]}"`, match);
  for (const { what, pattern } of TECHNICAL) {
    for (const match of text.matchAll(pattern)) add(`${what} "${match[0].trim()}"`, match);
  }
  return [...found.values()];
}

/**
 * Fails the walk (or, with FRENCH_CHECK=report, logs) when the page shows anything but French; what `allowed` names
 * (kinds of TECHNICAL findings) is logged only.
 */
export async function expectFrench(page, where, allowed = []) {
  const found = await unFrenchOn(page);
  const tolerated = found.filter((finding) => allowed.some((kind) => finding.startsWith(`${kind} `)));
  const wrong = found.filter((finding) => !tolerated.includes(finding));
  if (tolerated.length) log(`${where} shows, on purpose: ${tolerated.join(', ')}`);
  if (wrong.length === 0) return;
  const message = `${where} shows what a French user should not see: ${wrong.join(', ')}`;
  if (reportOnly) log(`NOT FRENCH: ${message}`);
  else throw new WalkFailure(message);
}

let shotCount = 0;
export const shotsTaken = () => shotCount;
const openSessions = new Set();

/** One demo user in a fresh browser context: their own cookies, their own Tasklist, Cockpit and view of releases. */
export class Session {
  constructor(user, context, page) {
    this.user = user;
    this.context = context;
    this.page = page;
    this.problems = [];
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 500) this.problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });
  }

  /** Logs `user` in to Tasklist (or to another of the webapps: `app`), in a fresh browser context. */
  static async login(browser, user, { app = 'tasklist' } = {}) {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    context.setDefaultTimeout(STEP_TIMEOUT);
    const session = new Session(user, context, await context.newPage());
    openSessions.add(session);
    const page = session.page;
    await loaded(page, `${baseUrl}/camunda/app/${app}/`, 'button[type="submit"]');
    await expectFrenchLoginPage(page, user);
    const username = page.locator('input[ng-model="username"]');
    const secret = page.locator('input[ng-model="password"]');
    // The login page focuses the user name field once it is ready: typing before that may land in the wrong field.
    await page.waitForFunction(() => document.activeElement?.getAttribute('ng-model') === 'username');
    for (let attempt = 1; ; attempt++) {
      await username.fill(user);
      await secret.fill(password);
      if (await username.inputValue() === user && await secret.inputValue() === password) break;
      check(attempt < 5, `${user} could not type their name and password into Tasklist's login page`);
    }
    await page.click('button[type="submit"]');
    if (app === 'tasklist') {
      await page.locator('.task-filters .item', { hasText: GROUP_TASKS }).waitFor()
        .catch(() => { throw new WalkFailure(`${user} could not log in to Tasklist (no "${GROUP_TASKS}" filter after login)`); });
    } else {
      await page.locator('input[ng-model="username"]').waitFor({ state: 'detached' })
        .catch(() => { throw new WalkFailure(`${user} could not log in to ${app}`); });
      await page.waitForLoadState('networkidle');
    }
    log(`${user} logged in to ${app === 'tasklist' ? 'Tasklist' : app}`);
    return session;
  }

  /** Saves a screenshot of what the user sees, once checked that it is all French. */
  async shot(label) {
    await this.expectFrench(label);
    const file = join(shotsDir, `${String(++shotCount).padStart(2, '0')}-${this.user}-${label}.png`);
    await this.page.screenshot({ path: file });
    log(`  screenshot ${file}`);
  }

  async expectFrench(where, allowed = []) {
    await expectFrench(this.page, `${this.user}'s screen (${where})`, allowed);
  }

  async close() {
    openSessions.delete(this);
    await this.context.close();
  }

  /** The opened task's form: a Camunda Form, or the embedded verification form (it takes file uploads). */
  get form() { return this.page.locator('.task-details .fjs-form, .task-details form[name="verification"]'); }

  field(id) { return this.page.locator(`.fjs-form [id$="-${id}"]`); }

  /** A field of the embedded verification form, by the variable it shows. */
  variable(name) { return this.page.locator(`.task-details form[name="verification"] [cam-variable-name="${name}"]`); }

  filter(name) { return this.page.locator('.task-filters .item', { hasText: name }); }

  async openGroupTasks() {
    await this.filter(GROUP_TASKS).click();
  }

  /** The names of the tasks the list shows, each checked to end with the release's label and given without it. */
  async visibleTaskNames(release) {
    return (await this.page.locator('.tasks-list li.task h4.task a').allInnerTexts()).map((name) => release.ownName(this.user, name));
  }

  /**
   * Waits until a filter's list shows exactly the expected tasks of the release (by their own names). Tasklist
   * refreshes the list of a filter every few seconds by itself (the filters' "refresh" property); the page is reloaded
   * only when that did not bring the expected tasks for a while.
   */
  async expectTasks(release, expected, { filter = GROUP_TASKS, timeout = AUTOMATED_STEPS_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    const filterName = typeof filter === 'string' ? filter : `the filter of ${release.starter}'s release`;
    await this.filter(filter).click();
    for (;;) {
      const shown = await this.page.waitForFunction(({ expectedNames, label }) => {
        const names = [...document.querySelectorAll('.tasks-list li.task h4.task a')]
          .map((link) => link.innerText.trim().replace(new RegExp(` — ${label}$`), ''));
        return JSON.stringify(names.sort()) === JSON.stringify([...expectedNames].sort());
      }, { expectedNames: expected, label: release.labelPattern },
      { timeout: Math.max(1_000, Math.min(30_000, deadline - Date.now())), polling: 250 }).then(() => true, () => false);
      if (shown || Date.now() >= deadline) break;
      await loaded(this.page, null, '.task-filters .item');
      await this.filter(filter).click();
    }
    const names = await this.visibleTaskNames(release);
    check(sameNames(names, expected), `${this.user} should see exactly ${list(expected)} in "${filterName}", but sees ${list(names)}`);
    await this.expectFrench(`tasks of "${filterName}"`);
    log(`${this.user} sees exactly ${list(expected)} in "${filterName}"`);
  }

  async openTask(release, name) {
    // The list re-sorts as tasks come and go: a click during a refresh may be lost, so click again.
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('.tasks-list li.task h4.task a', { hasText: release.taskNamed(name) }).click();
      const opened = await this.page.locator('.task-details h2.task', { hasText: release.taskNamed(name) })
        .waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (opened) break;
      check(attempt < 4, `${this.user} could not open "${name}"`);
    }
    await this.form.waitFor();
    // The form shows first which release the task belongs to.
    await this.form.getByText(new RegExp(`^\\s*Mise en production : ${release.labelPattern}\\s*$`)).first().waitFor()
      .catch(() => { throw new WalkFailure(`${this.user}'s form "${name}" should begin with its release`); });
    await this.expectFrench(name);
    log(`${this.user} opens "${name}"`);
  }

  /** Waits for a read-only field of the opened task's form to show the expected value (a string or a RegExp). */
  async expectField(id, expected, field = this.field(id)) {
    const handle = await field.elementHandle();
    const pattern = expected instanceof RegExp ? { source: expected.source, flags: expected.flags } : null;
    const matched = await this.page.waitForFunction(({ element, text, regexp }) => {
      const value = element.value ?? '';
      return regexp ? new RegExp(regexp.source, regexp.flags).test(value) : value === text;
    }, { element: handle, text: pattern ? null : expected, regexp: pattern }, { polling: 200 }).then(() => true, () => false);
    const value = await field.inputValue().catch(() => '');
    check(matched, `${this.user}: field ${id} should show ${expected} but shows "${value}"`);
    return value;
  }

  /** Checks that the opened form says every expected text (labels, choices, instructions). */
  async expectFormSays(name, texts) {
    const shown = oneLine(await this.form.innerText());
    for (const text of texts) check(shown.includes(text), `${this.user}'s form "${name}" should say "${text}", but says: ${shown}`);
  }

  async claim() {
    const claim = this.page.locator('.task-details button.claim');
    await claim.click();
    await claim.waitFor({ state: 'detached' });
  }

  async choose(label) {
    await this.form.getByLabel(label, { exact: true }).check();
  }

  async closeNotifications() {
    for (const close of await this.page.locator('.notifications .alert button.close:visible').all()) await close.click();
  }

  /**
   * Sends the opened task's form; resolves to null once Tasklist has let the task go, or to what it said instead
   * (an error notification, form errors, or that the task stayed open).
   */
  async send(release, name) {
    await this.closeNotifications();
    await this.page.locator('.task-details button.btn-primary', { hasText: SCREENS.complete }).click();
    const gone = this.page.locator('.task-details h2.task', { hasText: release.taskNamed(name) })
      .waitFor({ state: 'detached', timeout: STEP_TIMEOUT }).then(() => null);
    const refused = this.page.locator('.notifications .alert-danger').first()
      .waitFor({ timeout: STEP_TIMEOUT }).then(async () => this.page.locator('.notifications .alert-danger').first().innerText());
    return Promise.race([gone, refused]).catch(async () => {
      const fieldErrors = await this.page.locator('.task-details .fjs-form-field-error').allInnerTexts();
      return `the task stayed open${fieldErrors.length ? ` (form errors: ${fieldErrors.join('; ')})` : ''}`;
    });
  }

  /** Completes the opened task and waits until Tasklist has let it go; an error notification fails the walk. */
  async complete(release, name) {
    const error = await this.send(release, name);
    check(error === null, `${this.user} could not complete "${name}": ${oneLine(error)}`);
    log(`${this.user} completed "${name}"`);
  }

  /** Sends the opened task's form, expecting Tasklist to refuse it and keep the task open; returns what it says. */
  async completeRefused(release, name) {
    const refusal = await this.send(release, name);
    check(refusal !== null, `${this.user} could complete "${name}", which should have been refused`);
    await this.page.locator('.task-details h2.task', { hasText: release.taskNamed(name) }).waitFor()
      .catch(() => { throw new WalkFailure(`"${name}" should stay open after its refusal`); });
    log(`${this.user} is refused "${name}": ${oneLine(refusal)}`);
    return oneLine(refusal);
  }

  /** Sends the opened task's form with a required field left empty: the form itself says so, and nothing is sent. */
  async completeIncomplete(release, name) {
    await this.closeNotifications();
    await this.page.locator('.task-details button.btn-primary', { hasText: SCREENS.complete }).click();
    const errors = this.page.locator('.task-details .fjs-form-field-error');
    await errors.first().waitFor().catch(() => { throw new WalkFailure(`"${name}" should show which field is missing`); });
    await this.page.locator('.task-details h2.task', { hasText: release.taskNamed(name) }).waitFor();
    const said = (await errors.allInnerTexts()).map(oneLine).filter((text) => text);
    log(`${this.user} is told by the form of "${name}": ${said.join(' / ')}`);
    return said;
  }

  /** Opens Tasklist's start dialog at the release policy's form. */
  async openStartForm() {
    await this.page.click(`a:has-text("${SCREENS.startProcess}")`);
    await this.page.click(`.modal a:has-text("${SCREENS.releasePolicy}")`);
    await this.page.locator('.modal .fjs-form').waitFor();
    // The engine fills the form's calendar text as it serves the form (calendar/StartFormNextWindows): the walk's
    // application has no change calendar.
    const calendar = this.page.locator('.modal .fjs-form', { hasText: 'Calendrier des changements : aucune contrainte.' });
    check(await calendar.count() === 1, 'the start form should say that the change calendar sets no constraint');
  }

  /** Fills in the start form of a release. */
  async fillStartForm(release) {
    const page = this.page;
    await this.field('Field_TargetVersion').fill(release.targetVersion);
    await this.field('Field_InstallerPackage').fill(release.installer);
    await this.field('Field_RoadBook').fill(release.roadBook);
    await this.pick('Field_ReleaseKind', release.kind);
    if (release.policy !== 'Stricte') await this.pick('Field_PolicyLevel', release.policy);
    const policy = (await page.locator('.modal [id$="-Field_PolicyLevel-display"]').innerText()).trim();
    check(policy === release.policy, `the start form should show the "${release.policy}" policy, not "${policy}"`);
  }

  /** Chooses an option of a form-js select of the start dialog. */
  async pick(id, label) {
    await this.page.locator(`.modal [id$="-${id}-display"]`).click();
    await this.page.locator('.fjs-dropdownlist-item', { hasText: exactly(label) }).click();
  }

  /** Clicks « Démarrer » in the start dialog; returns what Tasklist's notification says. */
  async startFromDialog() {
    await this.closeNotifications();
    await this.page.locator('.modal-footer button', { hasText: exactly(SCREENS.start) }).click();
    return oneLine(await this.page.locator('.notifications .alert').first().innerText());
  }

  /** Waits for the open dialog to finish fading in, so that its screenshot is sharp. */
  async dialogShown() {
    await this.page.waitForFunction(() => {
      const dialog = document.querySelector('.modal');
      return dialog && getComputedStyle(dialog).opacity === '1';
    });
  }

  /** Scrolls the task pane to the task's title. */
  async top() {
    await this.page.locator('.task-details h2.task').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  }

  /** Scrolls the task pane so that a field is in the middle of the screenshot. */
  async centre(id) {
    await this.field(id).first().evaluate((element) => element.scrollIntoView({ block: 'center' }));
  }

  /** Clicks « Mises en production » in the header of the webapp shown (Tasklist or Cockpit): same session, no login. */
  async openReleasesFromHeader(app) {
    const link = this.page.locator('a.release-gate-releases');
    await link.waitFor().catch(() => { throw new WalkFailure(`${this.user} should find « ${SCREENS.releasesLink} » in ${app}'s header`); });
    const label = oneLine(await link.innerText());
    check(label === SCREENS.releasesLink, `${app}'s header should offer « ${SCREENS.releasesLink} », not "${label}"`);
    await link.click();
    await this.page.locator('h1', { hasText: exactly(SCREENS.releasesLink) }).waitFor()
      .catch(() => { throw new WalkFailure(`${this.user} should reach the view of releases from ${app} without logging in again`); });
    check(new URL(this.page.url()).pathname === '/releases', `the link should lead to /releases, not ${this.page.url()}`);
    log(`${this.user} opens « ${SCREENS.releasesLink} » from ${app}'s header`);
  }

  /** Goes to Cockpit with the Tasklist session: no second login. */
  async openCockpit() {
    await this.page.goto(`${baseUrl}/camunda/app/cockpit/`, { waitUntil: 'networkidle' });
    check(await this.page.locator('input[ng-model="username"]').count() === 0, `${this.user} is asked to log in again for Cockpit`);
    await this.page.locator('a.release-gate-releases').waitFor();
    const title = await this.page.title();
    check(title.startsWith('Release Gate'), `Cockpit's browser tab should read "Release Gate…", not "${title}"`);
    log(`${this.user} opens Cockpit with the same session`);
  }
}

/**
 * Loads a page of the webapps (or reloads the current one) until `ready` shows. On a loaded machine Tasklist was seen,
 * twice in a dozen walks, to stay on its loading spinner: RequireJS had given up on a script of its start that took
 * over 7 s (« Load timeout for modules »), a limit release-gate/webapps.js now lifts and the walk's first login page
 * checks. A second load is still what a person would do on a page that does not show, and it is logged.
 */
async function loaded(page, url, ready) {
  for (let attempt = 1; ; attempt++) {
    await (url && attempt === 1 ? page.goto(url, { waitUntil: 'networkidle' }) : page.reload({ waitUntil: 'networkidle' }));
    if (await page.locator(ready).first().waitFor({ timeout: STEP_TIMEOUT }).then(() => true, () => attempt === 2)) return;
    log(`${page.url()} still loading after ${STEP_TIMEOUT / 1000} s: loaded again`);
  }
}

/** The demo users' sessions: each user logs in once and keeps their browser tab for the whole walk. */
export class People {
  constructor(browser) {
    this.browser = browser;
    this.sessions = new Map();
  }

  async as(user) {
    if (!this.sessions.has(user)) this.sessions.set(user, await Session.login(this.browser, user));
    return this.sessions.get(user);
  }
}

/** Tasklist's login page, for a browser that prefers English: French, branded, without Camunda's banner. */
export async function expectFrenchLoginPage(page, user) {
  const submit = page.locator('button[type="submit"]');
  await submit.waitFor();
  const label = (await submit.innerText()).trim();
  check(label === SCREENS.logIn, `${user}'s login page should say "${SCREENS.logIn}", not "${label}"`);
  check(await page.evaluate(() => document.documentElement.lang) === 'fr', `${user}'s login page is not marked as French`);
  check(!(await page.locator('.ce-eol-banner').isVisible()), `${user} sees Camunda's "migrate to Camunda 8" banner`);
  const title = await page.title();
  check(title.startsWith('Release Gate'), `${user}'s browser tab should read "Release Gate…", not "${title}"`);
  await expectFrench(page, `${user}'s login page`);
}

/**
 * Runs a walk in one headless Chromium: clears the screenshots of an earlier run, calls walk(browser), and on a
 * failure keeps a screenshot of every open session and what its browser reported. Exits 1 with the reason on the
 * first failed check.
 */
export async function runWalk(description, walk) {
  if (!baseUrl) {
    console.error('Usage: node <walk>.mjs <base-url, e.g. http://localhost:8080> [screenshot-folder]');
    process.exit(2);
  }
  const watchdog = setTimeout(() => {
    console.error(`RELEASE WALK FAILED: not finished after ${walkTimeoutSeconds} s`);
    process.exit(1);
  }, walkTimeoutSeconds * 1000);
  try {
    log(`walking ${description} at ${baseUrl}, screenshots in ${shotsDir}`);
    mkdirSync(shotsDir, { recursive: true });
    for (const file of readdirSync(shotsDir)) if (/^(\d+-|FAILED-).*\.png$/.test(file)) rmSync(join(shotsDir, file));
    const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    try {
      await walk(browser);
    } catch (error) {
      for (const session of openSessions) {
        await session.page.screenshot({ path: join(shotsDir, `FAILED-${session.user}.png`) }).catch(() => {});
        if (session.problems.length) console.error(`Browser problems seen by ${session.user}:\n  ${session.problems.join('\n  ')}`);
      }
      throw error;
    } finally {
      await browser.close();
    }
    log(`RELEASE WALK PASSED: ${shotCount} screenshots in ${shotsDir}`);
  } catch (error) {
    console.error(`RELEASE WALK FAILED: ${error instanceof WalkFailure ? error.message : error.stack}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
  }
}

/** A fresh context that is not logged in, for the login page itself. */
export async function visitorContext(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  context.setDefaultTimeout(STEP_TIMEOUT);
  return context;
}
