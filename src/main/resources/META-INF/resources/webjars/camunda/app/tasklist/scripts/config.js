// Release Gate's Tasklist configuration: replaces the webapp's own scripts/config.js (same path on the classpath,
// ahead of the webjar). The options are those of Camunda 7.24's config.js; the shared ones are in release-gate/webapps.js.
import { brand, language, locales } from '../../release-gate/webapps.js';

const fr = language === 'fr';

export default {
  app: brand('Tasklist'),
  locales,
  // Month and day names of the date pickers (AngularJS's own locale), French for what Camunda Forms say in English,
  // and the header's link to the view of every release; see there.
  customScripts: ['../release-gate/angular-locale', '../release-gate/form-french', '../release-gate/releases-link'],
  // The first-login box sends people to Camunda's own welcome page (/camunda-welcome, in English).
  disableWelcomeMessage: true,
  shortcuts: {
    claimTask: {
      key: 'ctrl+alt+c',
      description: fr ? 'prend en charge la tâche sélectionnée' : 'claims the currently selected task'
    },
    focusFilter: {
      key: 'ctrl+shift+f',
      description: fr ? 'place le curseur sur le premier filtre de la liste' : 'set the focus to the first filter in the list'
    },
    focusList: {
      key: 'ctrl+alt+l',
      description: fr ? 'place le curseur sur la première tâche de la liste' : 'sets the focus to the first task in the list'
    },
    focusForm: {
      key: 'ctrl+alt+f',
      description: fr ? 'place le curseur sur le premier champ du formulaire de la tâche' : 'sets the focus to the first input field in a task form'
    },
    startProcess: {
      key: 'ctrl+alt+p',
      description: fr ? 'ouvre la fenêtre « Démarrer un processus »' : 'opens the start process modal dialog'
    }
  }
};
