// The release that production does not take: paul starts a patch of the demo's Gestan under the minimal policy (nothing
// to verify on test, so it reaches production at once); marie, trying to start her own release meanwhile, is told in
// Tasklist's start dialog that one is already running; marie (four-eyes: not the starter) signs the acceptance; the
// machine stops, archives and installs production by itself; olivia finds production not conform (refused until she
// writes what she found), marie decides to restore the archived version, and olivia confirms the restored production.
// Production is then back on 1.0 with its data: the next release can install 1.1 again.
import { Release, SCREENS, STEP_TIMEOUT, check, log } from './walk-support.mjs';

export const PATCH = new Release({ targetVersion: '1.1', starter: 'paul', installer: 'gestan-1.1.zip',
  roadBook: 'road-book.md', kind: 'Correctif', policy: 'Minimale' });
const FINAL_ACCEPTANCE = 'Prononcer la recette définitive';
const CONFIRM_PRODUCTION = 'Vérifier la production';
const DECIDE_ROLLBACK = 'Décider de la suite (production non conforme)';
const CONFIRM_RESTORED = 'Vérifier la production restaurée';
const FINDING = 'La facturation plante à la validation de la facture FA-2026-002 : production inutilisable.';
const REFUSALS = {
  secondRelease: 'Une mise en production est déjà en cours : « Version 1.1 — ',
  secondReleaseRule: 'Une seule à la fois : elle occupe le serveur de test et la production jusqu\'à sa fin.',
  noFinding: 'Une production non conforme doit être décrite : le constat est obligatoire. Rien n\'a été enregistré.',
};

async function paulStartsAPatchRelease(people) {
  const paul = await people.as('paul');
  await paul.openStartForm();
  await paul.fillStartForm(PATCH);
  const outcome = await paul.startFromDialog();
  check(outcome.includes(SCREENS.started), `paul's release did not start: ${outcome}`);
  log('paul started a patch release (minimal policy: nothing to verify)');
  await paul.page.locator('.modal').waitFor({ state: 'detached' });
}

/** One release at a time: Tasklist's start dialog says why in French, and nothing starts. */
async function marieCannotStartASecondRelease(marie) {
  await marie.openStartForm();
  await marie.fillStartForm(new Release({ targetVersion: '1.1', starter: 'marie', installer: 'gestan-1.1.zip',
    roadBook: 'road-book.md', kind: 'Mineure', policy: 'Stricte' }));
  const refusal = await marie.startFromDialog();
  for (const expected of [SCREENS.notStarted, REFUSALS.secondRelease, ', lancée par paul', REFUSALS.secondReleaseRule]) {
    check(refusal.includes(expected), `marie's second release should be refused with "${expected}", but Tasklist says: ${refusal}`);
  }
  await marie.page.locator('.notifications .alert-danger').first().scrollIntoViewIfNeeded();
  await marie.shot('second-release-refused');
  log('marie is told in French that a release is already running');
  await marie.page.locator('.modal-footer button', { hasText: SCREENS.close }).click();
  await marie.page.locator('.modal').waitFor({ state: 'detached' });
}

async function marieSignsTheAcceptance(marie) {
  // Four-eyes: paul started the release, marie signs it.
  await marie.expectTasks(PATCH, [FINAL_ACCEPTANCE]);
  await marie.openTask(PATCH, FINAL_ACCEPTANCE);
  await marie.expectField('Field_TargetVersion', PATCH.targetVersion);
  await marie.claim();
  await marie.choose('Recette prononcée');
  await marie.expectFrench(FINAL_ACCEPTANCE);
  await marie.complete(PATCH, FINAL_ACCEPTANCE);
}

/** « Production non conforme » needs a finding: refused without one, accepted with it. */
async function oliviaFindsProductionNotConform(olivia) {
  // Stop, archives, restore drill, install, start and health check run by themselves after the acceptance.
  await olivia.expectTasks(PATCH, [CONFIRM_PRODUCTION]);
  await olivia.openTask(PATCH, CONFIRM_PRODUCTION);
  await olivia.expectFormSays(CONFIRM_PRODUCTION, ['Vérifier la production', "La version vient d'être installée en production",
    'Version installée', 'Contrôle de santé automatique', 'Verdict', 'Production conforme', 'Production non conforme',
    'Constat (obligatoire si non conforme)']);
  await olivia.expectField('Field_TargetVersion', PATCH.targetVersion);
  const report = await olivia.expectField('Field_HealthReport', /CONFORME/);
  check(report.includes(`Gestan ${PATCH.targetVersion}`), `the health report should show Gestan ${PATCH.targetVersion}, but reads: ${report}`);
  await olivia.claim();
  await olivia.choose('Production non conforme');
  const refusal = await olivia.completeRefused(PATCH, CONFIRM_PRODUCTION);
  check(refusal.includes(REFUSALS.noFinding), `olivia should be told "${REFUSALS.noFinding}", but Tasklist says: ${refusal}`);
  await olivia.shot('production-not-conform-without-finding');
  await olivia.closeNotifications();
  await olivia.field('Field_ProductionComment').fill(FINDING);
  await olivia.centre('Field_ProductionComment');
  await olivia.shot('production-not-conform');
  await olivia.complete(PATCH, CONFIRM_PRODUCTION);
}

async function marieDecidesToRestore(marie) {
  // What a restore would lose is worked out first (loss report); marie, not paul who started it, decides.
  await marie.expectTasks(PATCH, [DECIDE_ROLLBACK]);
  await marie.openTask(PATCH, DECIDE_ROLLBACK);
  await marie.expectFormSays(DECIDE_ROLLBACK, ['Production non conforme', 'Constat en production',
    "Ce qu'une restauration ferait perdre", 'Décision', 'Demander une correction urgente', 'Contourner le problème',
    'Remettre en fonction la version archivée (coûteux, données modifiées depuis perdues)', 'Motif de la décision']);
  await marie.expectField('Field_ProductionComment', FINDING);
  const cost = await marie.expectField('Field_RollbackCost', /clients\.csv/);
  check(cost.includes('colonne ajoutée : pays'), `marie should read that the restore undoes the migration's column, but reads: ${cost}`);
  await marie.claim();
  await marie.choose('Remettre en fonction la version archivée (coûteux, données modifiées depuis perdues)');
  // A decision says why: the form asks for it, in French, before anything is sent.
  const missing = await marie.completeIncomplete(PATCH, DECIDE_ROLLBACK);
  check(missing.length === 1 && missing[0] === 'Champ obligatoire.',
    `marie should be told « Champ obligatoire. » under the reason of her decision, but the form says: ${missing.join(' / ')}`);
  await marie.field('Field_RollbackComment').scrollIntoViewIfNeeded();
  await marie.shot('rollback-decision-needs-a-reason');
  await marie.closeNotifications();
  await marie.field('Field_RollbackComment').fill('Retour à 1.0 : la facturation est bloquée, le correctif de l\'éditeur attendra.');
  await marie.centre('Field_RollbackCost');
  await marie.shot('rollback-decision');
  await marie.complete(PATCH, DECIDE_ROLLBACK);
}

async function oliviaConfirmsTheRestoredProduction(olivia) {
  await olivia.expectTasks(PATCH, [CONFIRM_RESTORED]);
  await olivia.openTask(PATCH, CONFIRM_RESTORED);
  await olivia.expectFormSays(CONFIRM_RESTORED, ['Vérifier la production restaurée', 'Version remise en fonction',
    'Archive de la production avant restauration', 'Contrôle de santé automatique', 'Production restaurée conforme',
    'Production restaurée non conforme', 'Constat (obligatoire si non conforme)']);
  await olivia.expectField('Field_PreviousProductionVersion', '1.0');
  await olivia.expectField('Field_PreRestoreArchiveId', /\S/);
  const report = await olivia.expectField('Field_HealthReport', /CONFORME/);
  check(report.includes('Gestan 1.0'), `the restored production's health report should show Gestan 1.0, but reads: ${report}`);
  await olivia.claim();
  await olivia.choose('Production restaurée conforme');
  await olivia.centre('Field_HealthReport');
  await olivia.shot('confirms-restored-production');
  await olivia.complete(PATCH, CONFIRM_RESTORED);
  await olivia.expectTasks(PATCH, [], { timeout: STEP_TIMEOUT });
}

/** The whole release, from paul's start to the restored production. */
export async function aReleaseIsRestoredAfterAProductionKo(people) {
  await paulStartsAPatchRelease(people);
  const marie = await people.as('marie');
  await marieCannotStartASecondRelease(marie);
  await marieSignsTheAcceptance(marie);
  const olivia = await people.as('olivia');
  await oliviaFindsProductionNotConform(olivia);
  await marieDecidesToRestore(marie);
  await oliviaConfirmsTheRestoredProduction(olivia);
  log("paul's release ended with production restored");
}
