// Walks one whole release of the demo through Camunda Tasklist in headless Chromium, as the demo users would:
// marie starts it, theo verifies the road book's changes (one is not conform: he comments it and attaches a file),
// karim the strategic processes; marie sees the failure, its comment and its evidence, and asks for an urgent fix;
// theo verifies again only what failed, karim the strategic processes; paul (the other release manager: four-eyes)
// signs the final acceptance, olivia reads the health report and confirms production.
// Along the way it asserts what each user sees, and saves a screenshot of every step. Every browser says it prefers
// English: the screens must be French all the same (docs/screens.md, "French screens"), and English only on request.
//
// Usage:   node release-walk.mjs <base-url> [screenshot-folder]
//          (or RELEASE_GATE_URL and SCREENSHOTS; RELEASE_GATE_PASSWORD defaults to the demo's "demo")
// Needs:   Debian's chromium (/usr/bin/chromium, or CHROMIUM) and `npm ci` in this folder: see .ci/install-browser.
// Expects: the demo as laid out on first start (production on 1.0: only changes newer than production's version
//          are verified) and no other release open, since every user's list must hold exactly this release's
//          tasks; BrowserReleaseTest sees to both. Exits 1 with the reason on the first failed check.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = (process.argv[2] || process.env.RELEASE_GATE_URL || '').replace(/\/+$/, '');
const shotsDir = resolve(process.argv[3] || process.env.SCREENSHOTS || 'screenshots');
const password = process.env.RELEASE_GATE_PASSWORD || 'demo';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const walkTimeoutSeconds = Number(process.env.RELEASE_WALK_TIMEOUT_SECONDS || 570);

// Headless Debian Chromium on a closed network: no sandbox as root, no background calls to Google's hosts.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 800 };
const STEP_TIMEOUT = 20_000;
// Automated steps (copy, installs, archives, health check) run between the people's tasks.
const AUTOMATED_STEPS_TIMEOUT = 90_000;

const GROUP_TASKS = 'Tâches de mes groupes';
// What Tasklist says in French (src/main/resources/META-INF/resources/webjars/camunda/app/tasklist/locales/fr.json).
const SCREENS = {
  logIn: 'Se connecter', startProcess: 'Démarrer un processus', start: 'Démarrer', started: 'Le processus a été démarré',
  noProcessToStart: "Aucune définition de processus n'est disponible", close: 'Fermer', complete: 'Terminer',
  english: 'English', french: 'Français', logInInEnglish: 'Log in',
};
const RELEASE = { targetVersion: '1.1', installer: 'gestan-1.1.zip', roadBook: 'road-book.md', kind: 'Mineure', policy: 'Stricte' };
// What the demo's road book (gestan 1.1) and strategic-process catalogue (application-demo.yaml) ask to verify.
const CHANGES = {
  'GES-1101': 'Vérifier GES-1101 — Mention des pénalités de retard en pied de facture',
  'GES-1102': 'Vérifier GES-1102 — Nouveau champ « pays » dans la fiche client, renseigné à FR pour les clients existants',
  'GES-1103': 'Vérifier GES-1103 — Export des commandes du mois au format CSV',
};
const PROCESSES = {
  'Facturation': 'Vérifier le processus « Facturation »',
  'Commande → livraison → facture': 'Vérifier le processus « Commande → livraison → facture »',
  'Paie': 'Vérifier le processus « Paie »',
};
const FINAL_ACCEPTANCE = 'Prononcer la recette définitive';
const DECIDE_ON_FAILURE = 'Décider suite aux anomalies';
const PROVIDE_FIX = "Déposer le programme d'installation corrigé";
// The change theo finds not conform, and what he writes and attaches.
const FAILING = { changeId: 'GES-1101', comment: 'La mention des pénalités de retard manque en pied de facture FA-2026-001.',
  evidence: { name: 'facture-FA-2026-001.txt', mimeType: 'text/plain', buffer: Buffer.from('Pied de facture : Total TTC 1 200,00 €\n') } };
const CONFIRM_PRODUCTION = 'Vérifier la production';

class WalkFailure extends Error {}
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
const check = (condition, message) => { if (!condition) throw new WalkFailure(message); };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (text) => new RegExp(`^\\s*${escaped(text)}\\s*$`);
// Every task's name ends with its release (ReleaseLabel): « … — Version 1.1 — 24/11/2026 14:05 (lancée par marie) ».
const RELEASE_LABEL = ` — Version ${escaped(RELEASE.targetVersion)} — \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d \\(lancée par marie\\)`;
const taskNamed = (name) => new RegExp(`^\\s*${escaped(name)}${RELEASE_LABEL}\\s*$`);
const sameNames = (actual, expected) => JSON.stringify([...actual].sort()) === JSON.stringify([...expected].sort());
const list = (names) => (names.length ? names.map((name) => `"${name}"`).join(', ') : 'nothing');

let shotCount = 0;
const openSessions = new Set();

/** One demo user in a fresh browser context: their own cookies, their own Tasklist. */
class Session {
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

  static async login(browser, user) {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    context.setDefaultTimeout(STEP_TIMEOUT);
    const session = new Session(user, context, await context.newPage());
    openSessions.add(session);
    const page = session.page;
    await page.goto(`${baseUrl}/camunda/app/tasklist/`, { waitUntil: 'networkidle' });
    await expectFrenchLoginPage(page, user);
    const username = page.locator('input[ng-model="username"]');
    const secret = page.locator('input[ng-model="password"]');
    // The login page focuses the user name field once it is ready: typing before that may land in the wrong field.
    for (let attempt = 1; ; attempt++) {
      await username.fill(user);
      await secret.fill(password);
      if (await username.inputValue() === user && await secret.inputValue() === password) break;
      check(attempt < 5, `${user} could not type their name and password into Tasklist's login page`);
      await sleep(500);
    }
    await page.click('button[type="submit"]');
    await page.locator('.task-filters .item', { hasText: GROUP_TASKS }).waitFor()
      .catch(() => { throw new WalkFailure(`${user} could not log in to Tasklist (no "${GROUP_TASKS}" filter after login)`); });
    log(`${user} logged in to Tasklist`);
    return session;
  }

  async shot(label) {
    const file = join(shotsDir, `${String(++shotCount).padStart(2, '0')}-${this.user}-${label}.png`);
    await this.page.screenshot({ path: file });
    log(`  screenshot ${file}`);
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

  async openGroupTasks() {
    await this.page.locator('.task-filters .item', { hasText: GROUP_TASKS }).click();
  }

  async visibleTaskNames() {
    // Compared without the release each name ends with, once checked that it does.
    return (await this.page.locator('.tasks-list li.task h4.task a').allInnerTexts()).map((name) => {
      const own = name.trim().replace(new RegExp(`${RELEASE_LABEL}$`), '');
      check(own !== name.trim(), `${this.user} sees a task that does not name its release: "${name.trim()}"`);
      return own;
    });
  }

  /** Waits until the group list shows exactly the expected tasks, and still does a second later. */
  async expectGroupTasks(expected, timeout = AUTOMATED_STEPS_TIMEOUT) {
    const deadline = Date.now() + timeout;
    let names = [];
    await this.openGroupTasks();
    for (let round = 1; ; round++) {
      await sleep(1000);
      names = await this.visibleTaskNames();
      if (sameNames(names, expected)) {
        await sleep(1000); // a late item must not show up either
        names = await this.visibleTaskNames();
        if (sameNames(names, expected)) break;
      }
      if (Date.now() > deadline) break;
      if (round % 3 === 0) { // Tasklist refreshes its list only now and then
        await this.page.reload();
        await this.openGroupTasks();
      }
    }
    check(sameNames(names, expected),
      `${this.user} should see exactly ${list(expected)} in "${GROUP_TASKS}", but sees ${list(names)}`);
    log(`${this.user} sees exactly ${list(expected)}`);
  }

  async openTask(name) {
    // The list re-sorts as tasks come and go: a click during a refresh may be lost, so click again.
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('.tasks-list li.task h4.task a', { hasText: taskNamed(name) }).click();
      const opened = await this.page.locator('.task-details h2.task', { hasText: taskNamed(name) })
        .waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (opened) break;
      check(attempt < 4, `${this.user} could not open "${name}"`);
    }
    await this.form.waitFor();
    log(`${this.user} opens "${name}"`);
  }

  /** Waits for a read-only field of the opened task's form to show the expected value. */
  async expectField(id, expected, field = this.field(id)) {
    const deadline = Date.now() + STEP_TIMEOUT;
    let value = '';
    while (Date.now() < deadline) {
      value = await field.inputValue().catch(() => '');
      if (expected instanceof RegExp ? expected.test(value) : value === expected) return value;
      await sleep(200);
    }
    throw new WalkFailure(`${this.user}: field ${id} should show ${expected} but shows "${value}"`);
  }

  async claim() {
    const claim = this.page.locator('.task-details button.claim');
    await claim.click();
    await claim.waitFor({ state: 'detached' });
  }

  async choose(label) {
    await this.form.getByLabel(label, { exact: true }).check();
  }

  /** Completes the opened task and waits until Tasklist has let it go; an error notification fails the walk. */
  async complete(name) {
    for (const close of await this.page.locator('.notifications .alert button.close:visible').all()) await close.click();
    await this.page.locator('.task-details button.btn-primary', { hasText: SCREENS.complete }).click();
    const gone = this.page.locator('.task-details h2.task', { hasText: taskNamed(name) })
      .waitFor({ state: 'detached', timeout: STEP_TIMEOUT }).then(() => null);
    const refused = this.page.locator('.notifications .alert-danger').first()
      .waitFor({ timeout: STEP_TIMEOUT }).then(async () => this.page.locator('.notifications .alert-danger').first().innerText());
    const error = await Promise.race([gone, refused]).catch(async () => {
      const fieldErrors = await this.page.locator('.task-details .fjs-form-field-error').allInnerTexts();
      return `the task stayed open${fieldErrors.length ? ` (form errors: ${fieldErrors.join('; ')})` : ''}`;
    });
    check(error === null, `${this.user} could not complete "${name}": ${String(error).replace(/\s+/g, ' ').trim()}`);
    log(`${this.user} completed "${name}"`);
  }

  /** Verifies one road-book change; {@code failing} holds the comment and evidence of a change found not conform. */
  async verifyChange(changeId, name, failing, label = changeId) {
    await this.openTask(name);
    await this.expectField('changeId', changeId, this.variable('changeId'));
    await this.claim();
    if (failing) {
      await this.variable('verdict').selectOption('KO');
      await this.variable('comment').fill(failing.comment);
      await this.variable('evidence1').setInputFiles(failing.evidence);
      await this.variable('comment').evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await this.shot(`not-conform-${changeId}`);
    } else {
      await this.variable('verdict').selectOption('OK');
      await this.variable('changeId').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await this.shot(`verifies-${label}`);
    }
    await this.complete(name);
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
}

/** Tasklist's login page, for a browser that prefers English: French, branded, without Camunda's banner. */
async function expectFrenchLoginPage(page, user) {
  const submit = page.locator('button[type="submit"]');
  await submit.waitFor();
  const label = (await submit.innerText()).trim();
  check(label === SCREENS.logIn, `${user}'s login page should say "${SCREENS.logIn}", not "${label}"`);
  check(await page.evaluate(() => document.documentElement.lang) === 'fr', `${user}'s login page is not marked as French`);
  check(!(await page.locator('.ce-eol-banner').isVisible()), `${user} sees Camunda's "migrate to Camunda 8" banner`);
  const title = await page.title();
  check(title.startsWith('Release Gate'), `${user}'s browser tab should read "Release Gate…", not "${title}"`);
}

/** The footer offers English; the choice holds after a reload, and French comes back the same way. */
async function theScreensAreFrenchAndEnglishOnRequest(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  context.setDefaultTimeout(STEP_TIMEOUT);
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/camunda/app/tasklist/`, { waitUntil: 'networkidle' });
    await expectFrenchLoginPage(page, 'a visitor');
    await page.locator('footer a.release-gate-language', { hasText: SCREENS.english }).click();
    await page.locator('button[type="submit"]', { hasText: SCREENS.logInInEnglish }).waitFor()
      .catch(() => { throw new WalkFailure(`the login page should say "${SCREENS.logInInEnglish}" once English is chosen`); });
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('button[type="submit"]', { hasText: SCREENS.logInInEnglish }).waitFor()
      .catch(() => { throw new WalkFailure('the choice of English should hold after a reload'); });
    check(await page.evaluate(() => document.documentElement.lang) === 'en', 'the English login page is not marked as English');
    await page.locator('footer a.release-gate-language', { hasText: SCREENS.french }).click();
    await page.locator('button[type="submit"]', { hasText: SCREENS.logIn }).waitFor()
      .catch(() => { throw new WalkFailure(`the login page should say "${SCREENS.logIn}" again once French is chosen`); });
    log('the screens are French for an English browser, English on request, French again on request');
  } finally {
    await context.close();
  }
}

async function marieStartsTheRelease(browser) {
  const marie = await Session.login(browser, 'marie');
  const page = marie.page;
  await page.click(`a:has-text("${SCREENS.startProcess}")`);
  await page.click('.modal a:has-text("Politique de mise en production")');
  await page.locator('.modal .fjs-form').waitFor();
  await marie.field('Field_TargetVersion').fill(RELEASE.targetVersion);
  await marie.field('Field_InstallerPackage').fill(RELEASE.installer);
  await marie.field('Field_RoadBook').fill(RELEASE.roadBook);
  await page.locator('.modal [id$="-Field_ReleaseKind-display"]').click();
  await page.locator('.fjs-dropdownlist-item', { hasText: exactly(RELEASE.kind) }).click();
  const policy = (await page.locator('.modal [id$="-Field_PolicyLevel-display"]').innerText()).trim();
  check(policy === RELEASE.policy, `the start form should propose the "${RELEASE.policy}" policy by default, not "${policy}"`);
  await marie.dialogShown();
  await marie.shot('start-form');
  await page.locator('.modal-footer button', { hasText: exactly(SCREENS.start) }).click();
  const outcome = await page.locator('.notifications .alert').first().innerText();
  check(outcome.includes(SCREENS.started), `marie's release did not start: ${outcome.replace(/\s+/g, ' ').trim()}`);
  log('marie started the release');
  await marie.shot('release-started');
  await marie.close();
}

async function theoCannotStartAReleaseAndVerifiesTheChanges(browser) {
  const theo = await Session.login(browser, 'theo');
  const page = theo.page;
  await page.click(`a:has-text("${SCREENS.startProcess}")`);
  const modal = page.locator('.modal');
  await modal.getByText(SCREENS.noProcessToStart).waitFor()
    .catch(() => { throw new WalkFailure('theo, a tester, should be offered no process to start'); });
  check(await modal.getByText('Politique de mise en production').count() === 0, 'theo, a tester, is offered to start a release');
  log('theo is offered no process to start');
  await theo.dialogShown();
  await theo.shot('cannot-start-a-release');
  await modal.locator('button', { hasText: SCREENS.close }).click();
  await modal.waitFor({ state: 'detached' });

  await theo.expectGroupTasks(Object.values(CHANGES));
  await theo.shot('tasks');
  for (const [changeId, name] of Object.entries(CHANGES)) {
    await theo.verifyChange(changeId, name, changeId === FAILING.changeId ? FAILING : null);
  }
  await theo.expectGroupTasks([], STEP_TIMEOUT);
  await theo.close();
}

async function theoVerifiesAgainOnlyWhatFailed(browser) {
  const theo = await Session.login(browser, 'theo');
  await theo.expectGroupTasks([CHANGES[FAILING.changeId]]);
  // Round 2 shows what round 1 said, its evidence (downloaded under its own name) and the fix installed since.
  await theo.openTask(CHANGES[FAILING.changeId]);
  const earlier = theo.form.locator('.verification-earlier');
  await earlier.waitFor().catch(() => { throw new WalkFailure(`theo should see what round 1 said of ${FAILING.changeId}`); });
  const shown = (await earlier.innerText()).replace(/\s+/g, ' ');
  for (const expected of ['Tour 1 : Non conforme', FAILING.comment, FAILING.evidence.name, RELEASE.installer, 'SHA-256']) {
    check(shown.includes(expected), `round 2 should show "${expected}", but shows: ${shown}`);
  }
  const link = earlier.locator('a', { hasText: FAILING.evidence.name });
  const download = await theo.page.request.get(await link.evaluate((anchor) => anchor.href));
  const disposition = download.headers()['content-disposition'] || '';
  check(download.ok() && disposition.includes(FAILING.evidence.name),
    `theo's download of ${FAILING.evidence.name} should carry its name, but: HTTP ${download.status()}, "${disposition}"`);
  await earlier.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await theo.shot('round-2-shows-round-1');
  log(`theo sees round 1's verdict, comment and evidence of ${FAILING.changeId}, and the fix`);
  await theo.verifyChange(FAILING.changeId, CHANGES[FAILING.changeId], null, 'fixed');
  await theo.expectGroupTasks([], STEP_TIMEOUT);
  await theo.close();
}

async function karimVerifiesTheStrategicProcesses(browser, round = 1) {
  const karim = await Session.login(browser, 'karim');
  await karim.expectGroupTasks(Object.values(PROCESSES));
  if (round === 1) await karim.shot('tasks');
  let index = 0;
  for (const [processName, name] of Object.entries(PROCESSES)) {
    await karim.openTask(name);
    await karim.expectField('processName', processName, karim.variable('processName'));
    await karim.expectField('processSteps', /\S/, karim.variable('processSteps'));
    await karim.claim();
    await karim.variable('verdict').selectOption('OK');
    if (round === 1) {
      await karim.variable('processName').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await karim.shot(`verifies-process-${++index}`);
    }
    await karim.complete(name);
  }
  await karim.expectGroupTasks([], STEP_TIMEOUT);
  await karim.close();
}

async function marieSeesTheFailureWithItsEvidenceAndAsksForAFix(browser) {
  const marie = await Session.login(browser, 'marie');
  await marie.expectGroupTasks([DECIDE_ON_FAILURE]);
  await marie.openTask(DECIDE_ON_FAILURE);
  const failures = await marie.expectField('Field_FailedVerifications', /GES-1101/);
  for (const expected of [`Non conforme : ${FAILING.changeId}`, `theo : ${FAILING.comment}`, `preuves : ${FAILING.evidence.name}`]) {
    check(failures.includes(expected), `marie's decision should show "${expected}", but shows: ${failures}`);
  }
  check(!failures.includes('GES-1102') && !failures.includes('GES-1103'), `only GES-1101 failed, marie sees: ${failures}`);
  const link = marie.page.locator('.fjs-form a', { hasText: FAILING.evidence.name });
  await link.waitFor().catch(() => { throw new WalkFailure(`marie's decision should link to the evidence ${FAILING.evidence.name}`); });
  const evidence = await marie.page.request.get(await link.evaluate((anchor) => anchor.href));
  check(evidence.ok(), `marie could not open the evidence: HTTP ${evidence.status()}`);
  check((await evidence.body()).equals(FAILING.evidence.buffer), 'the evidence marie opens is not the file theo attached');
  log(`marie sees ${FAILING.changeId} not conform, theo's comment and opens ${FAILING.evidence.name}`);
  await marie.claim();
  await marie.choose("Demander une correction urgente à l'éditeur");
  await marie.field('Field_DecisionComment').fill("Correctif demandé à l'éditeur (ticket 4711)");
  await marie.top();
  await marie.shot('decides-on-failure');
  await marie.complete(DECIDE_ON_FAILURE);

  await marie.expectGroupTasks([PROVIDE_FIX]);
  await marie.openTask(PROVIDE_FIX);
  await marie.claim();
  // The corrected installer is chosen among the inbox's files (a list that filters as one types).
  const installer = marie.field('Field_InstallerPackage');
  await installer.click();
  await installer.fill(RELEASE.installer);
  await marie.page.locator('.fjs-dropdownlist-item', { hasText: exactly(RELEASE.installer) }).click()
    .catch(() => { throw new WalkFailure(`marie should be offered ${RELEASE.installer}, a file of the inbox`); });
  await marie.field('Field_TargetVersion').fill(RELEASE.targetVersion);
  await marie.field('Field_FixReference').fill('GESTAN-4711');
  await marie.complete(PROVIDE_FIX);
  await marie.close();
}

async function paulSignsTheFinalAcceptance(browser) {
  // Four-eyes: the release manager who did not start the release signs its acceptance.
  const paul = await Session.login(browser, 'paul');
  await paul.expectGroupTasks([FINAL_ACCEPTANCE]);
  await paul.openTask(FINAL_ACCEPTANCE);
  await paul.expectField('Field_TargetVersion', RELEASE.targetVersion);
  const summary = (await paul.form.innerText()).replace(/\s+/g, ' ');
  for (const expected of ['Verdicts, tour par tour', `tour 1 Non conforme (theo : « ${FAILING.comment}`, 'tour 2 Conforme',
    'Rapport de la mise en production']) {
    check(summary.includes(expected), `the final acceptance should show "${expected}", but shows: ${summary}`);
  }
  log('paul sees every round of every verification, the installer tested and the report');
  await paul.form.getByText('Verdicts, tour par tour').scrollIntoViewIfNeeded();
  await paul.shot('final-acceptance-summary');
  await paul.claim();
  await paul.choose('Recette prononcée');
  await paul.top();
  await paul.shot('final-acceptance');
  await paul.complete(FINAL_ACCEPTANCE);
  await paul.close();
}

async function oliviaConfirmsProduction(browser) {
  const olivia = await Session.login(browser, 'olivia');
  await olivia.expectGroupTasks([CONFIRM_PRODUCTION]);
  await olivia.openTask(CONFIRM_PRODUCTION);
  await olivia.expectField('Field_TargetVersion', RELEASE.targetVersion);
  const report = await olivia.expectField('Field_HealthReport', /CONFORME/);
  check(report.includes(`Gestan ${RELEASE.targetVersion}, données version ${RELEASE.targetVersion}`),
    `the health report should show Gestan ${RELEASE.targetVersion} with migrated data, but reads: ${report}`);
  await olivia.claim();
  await olivia.choose('Production conforme');
  await olivia.centre('Field_HealthReport');
  await olivia.shot('confirms-production');
  await olivia.complete(CONFIRM_PRODUCTION);
  await olivia.expectGroupTasks([], STEP_TIMEOUT);
  await olivia.shot('nothing-left');
  await olivia.close();
}

async function walk() {
  mkdirSync(shotsDir, { recursive: true });
  for (const file of readdirSync(shotsDir)) if (/^(\d+-|FAILED-).*\.png$/.test(file)) rmSync(join(shotsDir, file));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
  try {
    await theScreensAreFrenchAndEnglishOnRequest(browser);
    await marieStartsTheRelease(browser);
    await theoCannotStartAReleaseAndVerifiesTheChanges(browser);
    await karimVerifiesTheStrategicProcesses(browser);
    await marieSeesTheFailureWithItsEvidenceAndAsksForAFix(browser);
    await theoVerifiesAgainOnlyWhatFailed(browser);
    await karimVerifiesTheStrategicProcesses(browser, 2);
    await paulSignsTheFinalAcceptance(browser);
    await oliviaConfirmsProduction(browser);
  } catch (error) {
    for (const session of openSessions) {
      await session.page.screenshot({ path: join(shotsDir, `FAILED-${session.user}.png`) }).catch(() => {});
      if (session.problems.length) console.error(`Browser problems seen by ${session.user}:\n  ${session.problems.join('\n  ')}`);
    }
    throw error;
  } finally {
    await browser.close();
  }
}

if (!baseUrl) {
  console.error('Usage: node release-walk.mjs <base-url, e.g. http://localhost:8080> [screenshot-folder]');
  process.exit(2);
}
const watchdog = setTimeout(() => {
  console.error(`RELEASE WALK FAILED: not finished after ${walkTimeoutSeconds} s`);
  process.exit(1);
}, walkTimeoutSeconds * 1000);
try {
  log(`walking one release at ${baseUrl}, screenshots in ${shotsDir}`);
  await walk();
  log(`RELEASE WALK PASSED: ${shotCount} screenshots in ${shotsDir}`);
} catch (error) {
  console.error(`RELEASE WALK FAILED: ${error instanceof WalkFailure ? error.message : error.stack}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
}
