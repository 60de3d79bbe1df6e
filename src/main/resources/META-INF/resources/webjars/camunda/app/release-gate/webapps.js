/*
 * Release Gate's settings shared by the four Camunda webapps (Tasklist, Cockpit, Admin, Welcome): each app's
 * scripts/config.js imports this module, which the webapps load before they start.
 *
 * Language. The webapps take the browser's first language when it is one of `locales.availableLocales`, else
 * `locales.fallbackLocale`, and have no language menu of their own (camunda-commons-ui, services/locales.js). Offering
 * one locale at a time makes the choice ours: French for everyone, whatever the browser says, unless the user chose
 * English with the link this module adds to the footer. The choice is kept in the browser's local storage and holds
 * for all four apps. Dates follow: each locale file carries the `dateLocales` the webapps give to moment.js, and the
 * default `dateFormat` names locale-aware formats (`LLL`: "5 décembre 2026 14:30").
 */
const STORAGE_KEY = 'releaseGate.language';
const LANGUAGE_NAMES = { fr: 'Français', en: 'English' };
const SWITCH_TITLES = { fr: 'Afficher les écrans en français', en: 'Show the screens in English' };

function chosenLanguage() {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fr';
  } catch (storageBlocked) {
    return 'fr';
  }
}

/** The language the webapps show: 'fr' unless the user chose English. */
export const language = chosenLanguage();

/** The `locales` of every app's configuration: only the chosen language, so that the browser's has no say. */
export const locales = { availableLocales: [language], fallbackLocale: language };

/** The `app` of an app's configuration: the header and the browser tab read "Release Gate <name>". */
export function brand(name) {
  return { vendor: 'Release Gate', name };
}

/** Adds "English" (or "Français") in front of the footer's "Powered by": a click switches and reloads the page. */
function offerTheOtherLanguage() {
  const other = language === 'fr' ? 'en' : 'fr';
  const place = () => {
    const column = document.querySelector('footer[cam-widget-footer] .row > div:last-child');
    if (!column) {
      return false;
    }
    if (!column.querySelector('.release-gate-language')) {
      const link = document.createElement('a');
      link.className = 'release-gate-language';
      link.href = '';
      link.lang = other;
      link.textContent = LANGUAGE_NAMES[other];
      link.title = SWITCH_TITLES[other];
      link.addEventListener('click', (event) => {
        event.preventDefault();
        try {
          window.localStorage.setItem(STORAGE_KEY, other);
        } catch (storageBlocked) {
          return;
        }
        window.location.reload();
      });
      column.prepend(link, ' · ');
    }
    return true;
  };
  // The footer is rendered by AngularJS after this module has run.
  if (!place()) {
    const observer = new MutationObserver(() => place() && observer.disconnect());
    observer.observe(document.documentElement, { childList: true, subtree: true });
  }
}

/**
 * Lets the webapps' start wait as long as their scripts take. Each app's bootstrap loads lib/globalize.js, then
 * lib/ngDefine.js and the plugins' scripts through RequireJS, which gives up on a script still loading after 7 s
 * (its `waitSeconds`): it then throws "Load timeout for modules", never starts AngularJS, and the page stays on its
 * spinner for good, although the script arrives a moment later. On a loaded server 7 s is not much. The bootstrap
 * reads its own RequireJS settings (`requireJsConfig`) only once those scripts are there, but it imports this module
 * before it asks for them: the limit is lifted here (0: no limit; a script that fails still fails at once).
 */
function waitForEveryScript() {
  const requirejs = window.require || window.requirejs;
  if (typeof requirejs?.config === 'function') {
    requirejs.config({ waitSeconds: 0 });
  }
}

waitForEveryScript();
document.documentElement.lang = language;
offerTheOtherLanguage();
