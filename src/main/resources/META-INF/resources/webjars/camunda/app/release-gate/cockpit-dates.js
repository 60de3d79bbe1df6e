/*
 * Cockpit's tables (process instances, user tasks, incidents, jobs, batches, deployments) write times in the format
 * Cockpit names `normal`, which Cockpit fixes itself to 'YYYY-MM-DD[T]HH:mm:ss' when it starts (camunda-cockpit-ui.js,
 * a config block on camDateFormatProvider): the `dateFormat` of config.js, which Tasklist follows, is not read there.
 * In French it is set again here, after Cockpit's own setting: the provider is taken in a config block and the format
 * set in a run block, since AngularJS runs every config block of the application before any run block.
 * Listed in the `customScripts` of Cockpit's configuration; English keeps Camunda's own format.
 */
import { language } from './webapps.js';

/** 05/12/2026 14:30:00: the day first, as in France, and the seconds, which Cockpit's tables show. */
export const FRENCH_TABLE_DATES = 'DD/MM/YYYY HH:mm:ss';

if (language === 'fr') {
  let dateFormats;
  window.angular.module('cam.commons')
    .config(['camDateFormatProvider', (provider) => { dateFormats = provider; }])
    .run(() => dateFormats.setDateFormat(FRENCH_TABLE_DATES, 'normal'));
}
