// Walks two whole releases of the demo through Camunda Tasklist, Cockpit and Release Gate's view of releases in one
// headless Chromium, as the demo users would, asserting what each user sees and saving a screenshot of every step:
//
// 1. paul's patch, which production does not take (restore-walk.mjs): marie is refused a second release meanwhile,
//    signs the acceptance; olivia finds production not conform (refused until she writes her finding), marie
//    restores the archived version, olivia confirms the restored production.
// 2. marie's release, on production restored to 1.0: she follows her release's own filter and, from Tasklist's header,
//    the view of releases; theo verifies the road book's changes (one is not conform: he comments it and attaches a
//    file), karim the strategic processes; marie sees the failure, its comment and its evidence, and asks for an
//    urgent fix; theo verifies again only what failed, karim the strategic processes; paul (the other release manager:
//    four-eyes) signs the final acceptance, olivia reads the health report, confirms production, and from Cockpit's
//    header finds the release finished, its downtime, its page, report and exports (releases-view.mjs).
//
// Every login page, task form and dialog as it opens, and every screen before its screenshot, is checked for
// Camunda's English words, engine codes and server paths (walk-support.mjs); every browser says it prefers English:
// the screens must be French all the same, English only on request.
//
// Usage:   node release-walk.mjs <base-url> [screenshot-folder]
//          (or RELEASE_GATE_URL and SCREENSHOTS; RELEASE_GATE_PASSWORD defaults to the demo's "demo"; FRENCH_CHECK=report
//          logs what is not French instead of failing)
// Needs:   Debian's chromium (/usr/bin/chromium, or CHROMIUM) and `npm ci` in this folder: see .ci/install-browser.
// Expects: the demo as laid out on first start (production on 1.0: only changes newer than production's version
//          are verified) and no other release open, since every user's list must hold exactly the walked release's
//          tasks; BrowserReleaseTest sees to both. Exits 1 with the reason on the first failed check.
import {
  adminIsFrench, cockpitShowsTheRunningRelease, theDatePickersAreFrench, theFormsAreFrench,
  theTasklistDialogsAreFrench, theTaskTabsAndDialogsAreFrench,
} from './more-screens.mjs';
import { theViewShowsTheFinishedRelease, theViewShowsTheRunningRelease } from './releases-view.mjs';
import { PATCH, aReleaseIsRestoredAfterAProductionKo } from './restore-walk.mjs';
import {
  People, Release, SCREENS, STEP_TIMEOUT, WalkFailure, baseUrl, check, exactly, expectFrenchLoginPage, log, runWalk,
  visitorContext,
} from './walk-support.mjs';

const RELEASE = new Release({ targetVersion: '1.1', starter: 'marie', installer: 'gestan-1.1.zip', roadBook: 'road-book.md',
  kind: 'Mineure', policy: 'Stricte' });
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
// Longer than RequireJS's default limit (7 s) for a script of the webapps' start.
const SLOW_SCRIPT_MS = 8_000;

/** The footer offers English; the choice holds after a reload, and French comes back the same way. */
async function theScreensAreFrenchAndEnglishOnRequest(browser) {
  const context = await visitorContext(browser);
  try {
    const page = await context.newPage();
    // A loaded server may take more than 7 s to serve one of the scripts the webapps load through RequireJS: the
    // page must start all the same, not stay on its spinner (release-gate/webapps.js, waitForEveryScript).
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route(/\/lib\/globalize\.js/, async (route) => {
      await new Promise((resolve) => { setTimeout(resolve, SLOW_SCRIPT_MS); });
      await route.continue();
    });
    await page.goto(`${baseUrl}/camunda/app/tasklist/`, { waitUntil: 'networkidle' });
    await expectFrenchLoginPage(page, 'a visitor');
    check(errors.length === 0, `Tasklist's start, with a script served after ${SLOW_SCRIPT_MS / 1000} s, failed: ${errors.join(' / ')}`);
    await page.unrouteAll();
    log(`Tasklist starts although a script of its start took ${SLOW_SCRIPT_MS / 1000} s to come`);
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

/** marie starts her release, then follows it in its own filter and in the view of releases. */
async function marieStartsTheRelease(people) {
  const marie = await people.as('marie');
  const page = marie.page;
  await marie.openStartForm();
  await marie.fillStartForm(RELEASE);
  await marie.dialogShown();
  await marie.shot('start-form');
  const outcome = await marie.startFromDialog();
  check(outcome.includes(SCREENS.started), `marie's release did not start: ${outcome}`);
  log('marie started the release');
  await marie.shot('release-started');
  await page.locator('.modal').waitFor({ state: 'detached' });

  // Her release's filter, named after it (Tasklist lists a new filter once the page is loaded again): every task
  // of it, theo's and karim's too, each ending with the release.
  await page.reload({ waitUntil: 'networkidle', timeout: 60_000 });
  await marie.filter(RELEASE.filterName).waitFor()
    .catch(() => { throw new WalkFailure("marie should find a filter named after her release in Tasklist"); });
  await marie.expectTasks(RELEASE, [...Object.values(CHANGES), ...Object.values(PROCESSES)], { filter: RELEASE.filterName });
  const filterTitle = await marie.filter(RELEASE.filterName).getAttribute('title').catch(() => null);
  log(`marie's release filter: « ${(await marie.filter(RELEASE.filterName).innerText()).trim()} »${filterTitle ? ` (${filterTitle})` : ''}`);
  await marie.shot('release-filter');
  await theTasklistDialogsAreFrench(marie);
  await theViewShowsTheRunningRelease(marie, RELEASE, PATCH);
  await cockpitShowsTheRunningRelease(marie, RELEASE);
}

async function theoCannotStartAReleaseAndVerifiesTheChanges(people) {
  const theo = await people.as('theo');
  const page = theo.page;
  await page.click(`a:has-text("${SCREENS.startProcess}")`);
  const modal = page.locator('.modal');
  await modal.getByText(SCREENS.noProcessToStart).waitFor()
    .catch(() => { throw new WalkFailure('theo, a tester, should be offered no process to start'); });
  check(await modal.getByText(SCREENS.releasePolicy).count() === 0, 'theo, a tester, is offered to start a release');
  log('theo is offered no process to start');
  await theo.dialogShown();
  await theo.shot('cannot-start-a-release');
  await modal.locator('button', { hasText: SCREENS.close }).click();
  await modal.waitFor({ state: 'detached' });

  await theo.expectTasks(RELEASE, Object.values(CHANGES));
  await theo.shot('tasks');
  for (const [changeId, name] of Object.entries(CHANGES)) {
    await verifyChange(theo, changeId, name, changeId === FAILING.changeId ? FAILING : null);
  }
  await theo.expectTasks(RELEASE, [], { timeout: STEP_TIMEOUT });
}

/** Verifies one road-book change; {@code failing} holds the comment and evidence of a change found not conform. */
async function verifyChange(theo, changeId, name, failing, label = changeId) {
  await theo.openTask(RELEASE, name);
  await theo.expectField('changeId', changeId, theo.variable('changeId'));
  await theo.claim();
  // Round 2's task, taken: its other tabs and dialogs; round 1's failing one: its date pickers.
  if (changeId === FAILING.changeId && !failing) await theTaskTabsAndDialogsAreFrench(theo, changeId);
  if (failing) await theDatePickersAreFrench(theo, changeId);
  if (failing) {
    await theo.variable('verdict').selectOption('KO');
    await theo.variable('comment').fill(failing.comment);
    await theo.variable('evidence1').setInputFiles(failing.evidence);
    await theo.variable('comment').evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await theo.shot(`not-conform-${changeId}`);
  } else {
    await theo.variable('verdict').selectOption('OK');
    await theo.variable('changeId').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await theo.shot(`verifies-${label}`);
  }
  await theo.complete(RELEASE, name);
}

async function theoVerifiesAgainOnlyWhatFailed(people) {
  const theo = await people.as('theo');
  await theo.expectTasks(RELEASE, [CHANGES[FAILING.changeId]]);
  // Round 2 shows what round 1 said, its evidence (downloaded under its own name) and the fix installed since.
  await theo.openTask(RELEASE, CHANGES[FAILING.changeId]);
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
  await verifyChange(theo, FAILING.changeId, CHANGES[FAILING.changeId], null, 'fixed');
  await theo.expectTasks(RELEASE, [], { timeout: STEP_TIMEOUT });
}

async function karimVerifiesTheStrategicProcesses(people, round = 1) {
  const karim = await people.as('karim');
  await karim.expectTasks(RELEASE, Object.values(PROCESSES));
  if (round === 1) await karim.shot('tasks');
  let index = 0;
  for (const [processName, name] of Object.entries(PROCESSES)) {
    await karim.openTask(RELEASE, name);
    await karim.expectField('processName', processName, karim.variable('processName'));
    await karim.expectField('processSteps', /\S/, karim.variable('processSteps'));
    await karim.claim();
    await karim.variable('verdict').selectOption('OK');
    if (round === 1) {
      await karim.variable('processName').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await karim.shot(`verifies-process-${++index}`);
    }
    await karim.complete(RELEASE, name);
  }
  await karim.expectTasks(RELEASE, [], { timeout: STEP_TIMEOUT });
}

async function marieSeesTheFailureWithItsEvidenceAndAsksForAFix(people) {
  const marie = await people.as('marie');
  await marie.expectTasks(RELEASE, [DECIDE_ON_FAILURE]);
  await marie.openTask(RELEASE, DECIDE_ON_FAILURE);
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
  await marie.complete(RELEASE, DECIDE_ON_FAILURE);

  await marie.expectTasks(RELEASE, [PROVIDE_FIX]);
  await marie.openTask(RELEASE, PROVIDE_FIX);
  await marie.claim();
  // The corrected installer is chosen among the inbox's files (a list that filters as one types).
  const installer = marie.field('Field_InstallerPackage');
  await installer.click();
  await installer.fill(RELEASE.installer);
  await marie.page.locator('.fjs-dropdownlist-item', { hasText: exactly(RELEASE.installer) }).click()
    .catch(() => { throw new WalkFailure(`marie should be offered ${RELEASE.installer}, a file of the inbox`); });
  await marie.field('Field_TargetVersion').fill(RELEASE.targetVersion);
  await marie.field('Field_FixReference').fill('GESTAN-4711');
  await marie.expectFrench(PROVIDE_FIX);
  await marie.complete(RELEASE, PROVIDE_FIX);
}

async function paulSignsTheFinalAcceptance(people) {
  // Four-eyes: the release manager who did not start the release signs its acceptance.
  const paul = await people.as('paul');
  await paul.expectTasks(RELEASE, [FINAL_ACCEPTANCE]);
  await paul.openTask(RELEASE, FINAL_ACCEPTANCE);
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
  await paul.complete(RELEASE, FINAL_ACCEPTANCE);
}

async function oliviaConfirmsProduction(people) {
  const olivia = await people.as('olivia');
  await olivia.expectTasks(RELEASE, [CONFIRM_PRODUCTION]);
  await olivia.openTask(RELEASE, CONFIRM_PRODUCTION);
  await olivia.expectField('Field_TargetVersion', RELEASE.targetVersion);
  const report = await olivia.expectField('Field_HealthReport', /CONFORME/);
  check(report.includes(`Gestan ${RELEASE.targetVersion}, données version ${RELEASE.targetVersion}`),
    `the health report should show Gestan ${RELEASE.targetVersion} with migrated data, but reads: ${report}`);
  await olivia.claim();
  await olivia.choose('Production conforme');
  await olivia.centre('Field_HealthReport');
  await olivia.shot('confirms-production');
  await olivia.complete(RELEASE, CONFIRM_PRODUCTION);
  await olivia.expectTasks(RELEASE, [], { timeout: STEP_TIMEOUT });
  await olivia.shot('nothing-left');
  await theViewShowsTheFinishedRelease(olivia, RELEASE);
}

await runWalk('two releases', async (browser) => {
  theFormsAreFrench();
  await theScreensAreFrenchAndEnglishOnRequest(browser);
  const people = new People(browser);
  await aReleaseIsRestoredAfterAProductionKo(people);
  await marieStartsTheRelease(people);
  await theoCannotStartAReleaseAndVerifiesTheChanges(people);
  await karimVerifiesTheStrategicProcesses(people);
  await marieSeesTheFailureWithItsEvidenceAndAsksForAFix(people);
  await theoVerifiesAgainOnlyWhatFailed(people);
  await karimVerifiesTheStrategicProcesses(people, 2);
  await paulSignsTheFinalAcceptance(people);
  await oliviaConfirmsProduction(people);
  await adminIsFrench(browser);
});
