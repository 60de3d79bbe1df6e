/*
 * « Mises en production » in the header of Tasklist and Cockpit: a link to Release Gate's view of every release
 * (running and finished, their reports and traceability exports), which takes the webapps' session — no second login.
 * Listed in the `customScripts` of both apps' configuration; each app uses the plugin point it knows (Cockpit's
 * navigation bar, Tasklist's header actions) and ignores the other. Only release managers, operations and admins may
 * read the view; the others get a page that says so.
 */
import { language } from './webapps.js';

const LABEL = language === 'fr' ? 'Mises en production' : 'Releases';
const TITLE = language === 'fr'
  ? 'Toutes les mises en production : où elles en sont, rapports et traçabilité'
  : 'Every release: where it stands, reports and traceability';

/** The view's address: the webapps live under <context>/camunda, the view under <context>/releases. */
function viewUrl() {
  const appRoot = document.querySelector('base').getAttribute('app-root') || '';
  return appRoot.substring(0, appRoot.lastIndexOf('/')) + '/releases';
}

function render(node) {
  const link = document.createElement('a');
  link.href = viewUrl();
  link.textContent = LABEL;
  link.title = TITLE;
  link.className = 'release-gate-releases';
  node.appendChild(link);
}

export default [
  { id: 'releaseGateReleases', pluginPoint: 'cockpit.navigation', priority: 1, render, checkActive: () => false },
  { id: 'releaseGateReleases', pluginPoint: 'tasklist.navbar.action', priority: 300, render }
];
