// The screens of the webapps that a release's people open besides their task forms, each checked to be French and
// kept as a screenshot: a task's other tabs (history, diagram, description) and its dialogs (comment, follow-up and
// due dates), the start dialog's list, a filter's dialog; Cockpit's dashboard, the release policy's page and the page
// of a running release, as a release manager; Admin's pages and the Welcome app, as the administrator.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { STEP_TIMEOUT, Session, WalkFailure, check, exactly, log, oneLine, unFrenchIn } from './walk-support.mjs';

// What the webapps say in French (locales/fr.json).
const TASK_TABS = ['Formulaire', 'Historique', 'Diagramme', 'Description'];
const COMMENT = 'Ajouter un commentaire';
const FILTER_DIALOG = 'Créer un filtre';

/** Closes the open dialog with its « Fermer » or « Annuler » button. */
async function closeDialog(page) {
  const dialog = page.locator('.modal');
  await dialog.locator('.modal-footer button', { hasText: /^\s*(Fermer|Annuler)\s*$/ }).first().click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * With a task open: its history, diagram and description tabs, the comment dialog, then back to its form. The task is
 * not changed (the comment is not saved).
 */
export async function theTaskTabsAndDialogsAreFrench(session, taskName) {
  const page = session.page;
  const tabs = page.locator('.task-details .nav-tabs li a');
  const shown = (await tabs.allInnerTexts()).map((text) => text.trim());
  check(TASK_TABS.every((tab) => shown.includes(tab)), `${session.user}'s task should offer the tabs ${TASK_TABS.join(', ')}, but offers ${shown.join(', ')}`);
  for (const tab of ['Historique', 'Diagramme', 'Description']) {
    await tabs.filter({ hasText: exactly(tab) }).click();
    await page.locator('.task-details .nav-tabs li.active a', { hasText: exactly(tab) }).waitFor();
    // The history lists what happened to the task; the diagram draws the model: wait for what each shows.
    if (tab === 'Diagramme') await page.locator('.task-details .djs-container:visible').first().waitFor();
    await page.waitForLoadState('networkidle');
    if (tab === 'Historique') {
      await session.shot(`task-history-${taskName}`);
      // The comment dialog, where Tasklist offers it.
      const comment = page.locator('.task-details a:visible, .task-details button:visible', { hasText: COMMENT }).first();
      if (await comment.count()) {
        await comment.click();
        await page.locator('.modal textarea').waitFor();
        await session.dialogShown();
        await session.expectFrench('dialogue de commentaire');
        await closeDialog(page);
      }
    } else {
      await session.expectFrench(`${taskName}, tab « ${tab} »`);
    }
  }
  await tabs.filter({ hasText: exactly('Formulaire') }).click();
  await session.form.waitFor();
  log(`${session.user} finds the tabs and the comment dialog of "${taskName}" in French`);
}

/** The follow-up date picker of the open task (opened, checked, closed without a change). */
export async function theDatePickersAreFrench(session, taskName) {
  const page = session.page;
  const label = 'Fixer une date de suivi';
  await page.locator('.task-details a, .task-details button', { hasText: label }).first().click();
  const picker = page.locator('.cam-widget-inline-field, .uib-datepicker, [uib-datepicker]').first();
  await picker.waitFor({ timeout: STEP_TIMEOUT }).catch(() => { throw new WalkFailure(`${session.user}: « ${label} » opened no date picker`); });
  await session.shot(`follow-up-date-${taskName}`);
  await page.keyboard.press('Escape');
}

/**
 * Tasklist's other dialogs, opened, checked and closed without a change: the open filter's (the pencil of a filter the
 * user may edit), « Créer une tâche », « Raccourcis clavier », and the list's sorting menu.
 */
export async function theTasklistDialogsAreFrench(session) {
  const page = session.page;
  const dialogs = [
    { what: 'filter', open: page.locator('.task-filters a[ng-click*="openModal"]:visible').first() },
    { what: 'create-task', open: page.locator('[cam-widget-header] a:visible', { hasText: 'Créer une tâche' }).first() },
    { what: 'shortcuts', open: page.locator('[cam-widget-header] a:visible', { hasText: 'Raccourcis clavier' }).first() },
  ];
  for (const { what, open } of dialogs) {
    if (await open.count() === 0) {
      log(`${session.user} is offered no ${what} dialog`);
      continue;
    }
    await open.click();
    await page.locator('.modal').waitFor();
    await session.dialogShown();
    // Each section of the dialog, opened in turn (one may close another): checked as it shows.
    for (const section of await page.locator('.modal .panel-heading a:visible, .modal .accordion-toggle:visible').all()) {
      const title = oneLine(await section.innerText());
      await section.click();
      await page.waitForTimeout(300);
      await session.expectFrench(`${what} dialog, « ${title} »`);
    }
    await session.shot(`${what}-dialog`);
    await closeDialog(page);
  }
  const sorting = page.locator('.tasks-list .sorting-choice a:visible, [cam-sorting-choices] a:visible').first();
  if (await sorting.count()) {
    await sorting.click();
    await session.expectFrench('menu de tri');
    await page.keyboard.press('Escape');
  }
  log(`${session.user} finds Tasklist's dialogs in French`);
}

/**
 * A release manager in Cockpit: the dashboard, the release policy's page (its running releases) and the page of the
 * running release with its tabs (variables, incidents, user tasks…).
 */
export async function cockpitShowsTheRunningRelease(session, release) {
  await session.openCockpit();
  const page = session.page;
  await session.expectFrench('Cockpit, tableau de bord');
  await page.goto(`${page.url().replace(/#.*$/, '')}#/processes`, { waitUntil: 'networkidle' });
  const policy = page.locator('a', { hasText: 'Politique de mise en production' }).first();
  await policy.waitFor();
  await session.expectFrench('Cockpit, processus');
  await policy.click();
  const instance = page.locator('.process-instances-table a, table a[href*="process-instance/"]').first();
  await instance.waitFor().catch(() => { throw new WalkFailure(`${session.user} should find ${release.starter}'s running release on the policy's page in Cockpit`); });
  await page.waitForLoadState('networkidle');
  await session.shot('cockpit-release-policy');
  await instance.click();
  // The release's own page (not the policy's, whose tabs stay a moment): its URL, and a tab only it has.
  await page.waitForURL(/\/process-instance\//);
  await page.locator('.nav-tabs li a', { hasText: 'Instances de processus appelées' }).first().waitFor();
  await page.locator('.djs-container').first().waitFor();
  await page.waitForLoadState('networkidle');
  const tabs = page.locator('.ctn-tabbed-content .nav-tabs li a, .nav-tabs li a');
  const names = (await tabs.allInnerTexts()).map((text) => text.trim()).filter((text) => text);
  for (const name of names) {
    await tabs.filter({ hasText: exactly(name) }).first().click();
    await page.waitForLoadState('networkidle');
    await session.expectFrench(`Cockpit, page de la mise en production, onglet « ${name} »`);
  }
  // The user tasks of the release: release managers see them (issue 13: "No user tasks" before).
  const userTasks = tabs.filter({ hasText: /Tâches utilisateur/ }).first();
  if (await userTasks.count()) {
    await userTasks.click();
    await page.locator('table tbody tr td').first().waitFor()
      .catch(() => { throw new WalkFailure(`${session.user} should see the release's user tasks in Cockpit`); });
    await page.waitForLoadState('networkidle');
  }
  await session.shot('cockpit-release');
  log(`${session.user} follows ${release.starter}'s release in Cockpit: ${names.join(', ')}`);
  await page.goto(`${page.url().replace(/\/camunda\/app\/.*$/, '')}/camunda/app/tasklist/`, { waitUntil: 'networkidle' });
  await session.filter('Tâches de mes groupes').waitFor();
}

/** Admin as the administrator: its dashboard, users (and one user's pages), groups, tenants, authorizations, system. */
export async function adminIsFrench(browser) {
  const admin = await Session.login(browser, 'admin', { app: 'admin' });
  const page = admin.page;
  const base = page.url().replace(/#.*$/, '');
  const visit = async (hash, what, ready, shot) => {
    await page.goto(`${base}#${hash}`, { waitUntil: 'networkidle' });
    await page.locator(ready).first().waitFor()
      .catch(() => { throw new WalkFailure(`Admin's ${what} (${hash}) did not show "${ready}"`); });
    if (shot) await admin.shot(shot);
    else await admin.expectFrench(`Admin, ${what}`);
  };
  await visit('/', 'tableau de bord', '.dashboard, .section, h1, h3');
  await visit('/users', 'utilisateurs', 'table tbody tr', 'admin-users');
  await visit('/users/marie?tab=profile', 'profil de marie', 'form input');
  await visit('/users/marie?tab=account', 'compte de marie', 'form input');
  await visit('/users/marie?tab=groups', 'groupes de marie', 'table tbody tr');
  await visit('/user-create', 'nouvel utilisateur', 'form input');
  await visit('/groups', 'groupes', 'table tbody tr', 'admin-groups');
  await visit('/groups/responsables-mep?tab=group', 'groupe responsables-mep', 'form input');
  await visit('/group-create', 'nouveau groupe', 'form input');
  await visit('/tenants', 'locataires', 'h1, h2, h3');
  await visit('/authorization?resource=0', 'autorisations (applications)', 'table tbody tr', 'admin-authorizations');
  await visit('/authorization?resource=6', 'autorisations (définitions de processus)', 'table tbody tr');
  await visit('/system?section=system-settings-general', 'système', 'h1, h2, h3');
  await visit('/system?section=system-settings-metrics', 'système, métriques', 'h1, h2, h3');
  log('admin finds Admin in French: dashboard, users, groups, tenants, authorizations, system');

  await page.goto(base.replace('/app/admin/', '/app/welcome/'), { waitUntil: 'networkidle' });
  await page.locator('.webapps a, .apps a, a[href*="tasklist"]').first().waitFor();
  await admin.shot('welcome');
  await admin.close();
}

const FORMS = new URL('../../../bpmn/forms/', import.meta.url).pathname;
const FORM_TEXTS = ['label', 'text', 'description', 'placeholder', 'title'];

/** Every text a Camunda Form shows: labels, texts, descriptions, placeholders, the options' labels. */
function textsOfForm(node, texts = []) {
  if (Array.isArray(node)) node.forEach((child) => textsOfForm(child, texts));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && FORM_TEXTS.includes(key)) texts.push(value);
      else textsOfForm(value, texts);
    }
  }
  return texts;
}

/** What the embedded form shows: its markup's text and attributes people read, without its script and comments. */
function textsOfHtml(html) {
  const markup = html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<!--[\s\S]*?-->/g, ' ');
  const attributes = [...markup.matchAll(/\s(?:title|placeholder|aria-label|alt)="([^"]*)"/g)].map((match) => match[1]);
  return [markup.replace(/<[^>]*>/g, ' '), ...attributes];
}

/**
 * Every task form of the model, those the walk does not open included (an emergency, a failed archive or
 * preparation, late verifications): none may say a word of English.
 */
export function theFormsAreFrench() {
  const files = readdirSync(FORMS).filter((file) => file.endsWith('.form') || file.endsWith('.html'));
  check(files.length > 0, `no task form found in ${FORMS}`);
  const wrong = [];
  for (const file of files) {
    const content = readFileSync(join(FORMS, file), 'utf8');
    const texts = file.endsWith('.form') ? textsOfForm(JSON.parse(content)) : textsOfHtml(content);
    // {{variable}}: what the form fills in, checked on the screens that show it.
    const findings = unFrenchIn(texts.join('\n').replace(/\{\{[^}]*\}\}/g, ' '));
    if (findings.length) wrong.push(`${file}: ${findings.join(', ')}`);
  }
  check(wrong.length === 0, `task forms say what a French user should not see:\n  ${wrong.join('\n  ')}`);
  log(`the ${files.length} task forms are French, those the walk does not open included`);
}
