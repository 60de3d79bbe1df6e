// Release Gate's Welcome configuration: replaces the webapp's own scripts/config.js (same path on the classpath,
// ahead of the webjar). The options are those of Camunda 7.24's config.js; the shared ones are in release-gate/webapps.js.
import { brand, language, locales } from '../../release-gate/webapps.js';

export default {
  app: brand(language === 'fr' ? 'Accueil' : 'Welcome'),
  locales,
  // Month and day names of the date pickers (AngularJS's own locale), see there.
  customScripts: ['../release-gate/angular-locale'],
  // The first-login box sends people to Camunda's own welcome page (/camunda-welcome, in English).
  disableWelcomeMessage: true
};
