/*
 * French for the parts of the webapps that AngularJS formats itself rather than moment.js: the date pickers (due and
 * follow-up dates in Tasklist, dates in Cockpit's search and dialogs) take their month and day names and the first
 * day of the week from AngularJS's $locale, which the webapps ship in American English only. Loaded as one of the
 * `customScripts` of each app's configuration, which the webapps import before AngularJS starts.
 */
import { language } from './webapps.js';

const FRENCH_DATES = {
  MONTH: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
    'novembre', 'décembre'],
  SHORTMONTH: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  DAY: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  SHORTDAY: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
  FIRSTDAYOFWEEK: 0, // Monday (AngularJS counts from Monday)
  WEEKENDRANGE: [5, 6],
  fullDate: 'EEEE d MMMM y',
  longDate: 'd MMMM y',
  medium: 'd MMM y HH:mm:ss',
  mediumDate: 'd MMM y',
  mediumTime: 'HH:mm:ss',
  short: 'dd/MM/y HH:mm',
  shortDate: 'dd/MM/y',
  shortTime: 'HH:mm'
};
FRENCH_DATES.STANDALONEMONTH = FRENCH_DATES.MONTH;

if (language === 'fr') {
  window.angular.module('cam.commons').run(['$locale', ($locale) => {
    Object.assign($locale.DATETIME_FORMATS, FRENCH_DATES);
  }]);
}
