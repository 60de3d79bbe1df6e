// Release Gate's view of every release (/releases), reached with the webapps' session by the « Mises en production »
// link of Tasklist's and Cockpit's header: where each release stands, who holds what, its outcome and production's
// downtime, and its page, report and traceability exports one click away.
import { REPORT_DETAILS, check, exactly, log, oneLine } from './walk-support.mjs';

export const OUTCOMES = { running: 'en cours', inProduction: 'Version en production', restored: 'Version précédente remise en fonction' };
const DOCUMENTS = ['Suivi', 'Rapport', 'PDF', 'CSV', 'Excel', 'JUnit'];
// What each export link serves, by its text: media type and the file name's end.
const EXPORTS = {
  PDF: { type: 'application/pdf' },
  CSV: { type: 'text/csv', file: '.csv' },
  Excel: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file: '.xlsx' },
  JUnit: { type: 'xml', file: '.xml' },
};
const DOWNTIME = /^\d+(?:,\d+)? ?(?:ms|s|min)\b/;

/** The table of releases, one object per row keyed by the column headers, with the links of its « Documents ». */
async function rows(page) {
  return page.locator('table').first().evaluate((table) => {
    const headers = [...table.querySelectorAll('tr th')].map((cell) => cell.innerText.trim());
    return [...table.querySelectorAll('tr')].filter((row) => row.querySelector('td')).map((row) => {
      const cells = [...row.querySelectorAll('td')];
      const values = Object.fromEntries(headers.map((header, index) => [header, cells[index]?.innerText.trim() ?? '']));
      values.links = Object.fromEntries([...cells[cells.length - 1].querySelectorAll('a')]
        .map((link) => [link.innerText.trim(), link.href]));
      return values;
    });
  });
}

/** The row of the release that `starter` started, the newest first. */
async function rowOf(page, starter) {
  const all = await rows(page);
  const row = all.find((candidate) => candidate['Démarrée par'] === starter);
  check(row, `the view of releases should list ${starter}'s release, but lists: ${JSON.stringify(all)}`);
  return row;
}

function expectDocuments(row, what) {
  for (const link of DOCUMENTS) check(row.links[link], `${what} should link to « ${link} », but links: ${Object.keys(row.links).join(', ')}`);
}

/**
 * marie, from Tasklist's header while her release is verified: the view says it holds the environments, where it
 * stands and which groups have its tasks; paul's release, restored, is listed with its outcome and downtime.
 */
export async function theViewShowsTheRunningRelease(marie, running, restored) {
  await marie.openReleasesFromHeader('Tasklist');
  const page = marie.page;
  const queue = oneLine(await page.locator('p.queue').innerText());
  check(queue.startsWith(`Serveur de test et production occupés par « Version ${running.targetVersion} — `)
    && queue.includes(`lancée par ${running.starter}`), `the view should say marie's release holds the environments, but says: ${queue}`);
  const now = await rowOf(page, running.starter);
  check(now.Issue === OUTCOMES.running, `marie's release should be « ${OUTCOMES.running} », not « ${now.Issue} »`);
  check(now['Où elle en est'].includes('Vérifier'), `marie's release should stand at its verifications, not « ${now['Où elle en est']} »`);
  // Nobody has taken a verification yet: each waits for its group.
  const holders = now['Qui a la main'].split('\n').map((line) => line.trim()).sort();
  check(JSON.stringify(holders) === JSON.stringify(['à prendre : Testeurs', 'à prendre : Utilisateurs clés']),
    `« Qui a la main » should say the testers' and the key users' tasks wait for them, but says « ${holders.join(' / ')} »`);
  const before = await rowOf(page, restored.starter);
  check(before.Issue === OUTCOMES.restored, `paul's release should read « ${OUTCOMES.restored} », not « ${before.Issue} »`);
  check(DOWNTIME.test(before['Interruption de la production']),
    `paul's release should show production's downtime, not « ${before['Interruption de la production']} »`);
  expectDocuments(now, "marie's release");
  expectDocuments(before, "paul's release");
  await marie.shot('releases-while-one-runs');
  log('marie sees her release running, who holds its tasks, and paul\'s restored release with its downtime');
  await page.goBack();
  await marie.filter('Tâches de mes groupes').waitFor();
}

/**
 * olivia, from Cockpit's header once the release is in production: its outcome and downtime, then its page with the
 * traceability matrix, its report, and the exports served under their names.
 */
export async function theViewShowsTheFinishedRelease(olivia, release) {
  await olivia.openCockpit();
  await olivia.shot('cockpit');
  await olivia.openReleasesFromHeader('Cockpit');
  const page = olivia.page;
  const queue = oneLine(await page.locator('p.queue').innerText());
  check(queue.startsWith('Serveur de test et production libres'), `no release runs any more, but the view says: ${queue}`);
  const done = await rowOf(page, release.starter);
  check(done.Issue === OUTCOMES.inProduction, `marie's release should read « ${OUTCOMES.inProduction} », not « ${done.Issue} »`);
  check(DOWNTIME.test(done['Interruption de la production']),
    `marie's release should show production's downtime, not « ${done['Interruption de la production']} »`);
  check(!['', '—'].includes(done.Fin) && ['', '—'].includes(done['Qui a la main']), `a finished release has an end and nobody holds it: ${JSON.stringify(done)}`);
  expectDocuments(done, "marie's release");
  await olivia.shot('releases-finished');
  log(`olivia sees marie's release « ${done.Issue} » with ${done['Interruption de la production']} of downtime`);

  for (const [link, expected] of Object.entries(EXPORTS)) {
    const response = await page.request.get(done.links[link]);
    const type = response.headers()['content-type'] || '';
    const disposition = response.headers()['content-disposition'] || '';
    check(response.ok() && type.includes(expected.type) && (!expected.file || disposition.includes(expected.file)),
      `« ${link} » should serve ${expected.type}, but: HTTP ${response.status()}, ${type}, "${disposition}"`);
  }
  log(`olivia downloads the release's ${Object.keys(EXPORTS).join(', ')} with the same session`);

  await page.locator('a', { hasText: exactly('Suivi') }).first().click();
  await page.locator('h2', { hasText: 'Matrice de traçabilité' }).waitFor();
  const summary = oneLine(await page.locator('table.summary').innerText());
  check(summary.includes(`Issue ${OUTCOMES.inProduction}`) && summary.includes(`Version cible ${release.targetVersion}`),
    `the release's page should show its outcome and version, but shows: ${summary}`);
  const matrix = oneLine(await page.locator('table').last().innerText());
  check(matrix.includes('GES-1101') && matrix.includes('Non conforme') && matrix.includes('theo'),
    `the traceability matrix should show theo's verdicts, but shows: ${matrix}`);
  await olivia.shot('release-page');
  await page.locator('a', { hasText: exactly('Rapport') }).first().click();
  await page.waitForLoadState('domcontentloaded');
  await page.locator('h1', { hasText: 'Rapport de mise en production' }).waitFor();
  await olivia.expectFrench('release report', REPORT_DETAILS);
  log("olivia reads the release's page, its traceability matrix and its report");
}
