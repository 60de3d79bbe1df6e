// Release Gate's Cockpit configuration: replaces the webapp's own scripts/config.js (same path on the classpath,
// ahead of the webjar). The options are those of Camunda 7.24's config.js; the shared ones are in release-gate/webapps.js.
import { brand, locales } from '../../release-gate/webapps.js';

export default {
  app: brand('Cockpit'),
  locales,
  // Month and day names of the date pickers (AngularJS's own locale), the header's link to the view of every
  // release, the tables' dates in French (Cockpit ignores dateFormat), and French for the texts Cockpit writes in
  // English whatever its locale; see there.
  customScripts: ['../release-gate/angular-locale', '../release-gate/releases-link', '../release-gate/cockpit-dates',
    '../release-gate/cockpit-french'],
  // The first-login box sends people to Camunda's own welcome page (/camunda-welcome, in English).
  disableWelcomeMessage: true
};
