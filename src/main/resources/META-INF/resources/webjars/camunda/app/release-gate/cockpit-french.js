/*
 * French for the few texts Cockpit writes in English whatever its locale: its plugins' templates name them literally
 * instead of through a translation key (plugin/cockpit/app/plugin.js of Camunda 7.24), and the tree of a release's
 * activities names a multi-instance activity (every verification of a round) by its id, « Task_VerifyChange
 * #multiInstanceBody », and its icons by their BPMN type (« userTask »). They are replaced as they appear, in the attribute (what the checks and screen readers read)
 * and in the tooltip shown. Loaded as one of the `customScripts` of Cockpit's configuration; English keeps Camunda's.
 */
import { language } from './webapps.js';

/** Cockpit's literal English, with the French of the same text in the locale file when it has one. */
export const LITERALS = {
  'Toggle this section': 'Afficher ou masquer cette section',
  'Select all': 'Tout sélectionner',
  'Suspended Job Definition': 'Définition de job suspendue',
  // The tooltips of the activity tree's icons: the BPMN type of each activity.
  multiInstanceBody: 'Activité répétée', userTask: 'Tâche utilisateur', serviceTask: 'Tâche de service',
  scriptTask: 'Tâche de script', businessRuleTask: 'Tâche de règle métier', sendTask: "Tâche d'envoi",
  receiveTask: 'Tâche de réception', manualTask: 'Tâche manuelle', task: 'Tâche', subProcess: 'Sous-processus',
  callActivity: "Appel d'un processus", transaction: 'Transaction', startEvent: 'Événement de début',
  endEvent: 'Événement de fin', boundaryEvent: 'Événement attaché', intermediateCatchEvent: 'Événement intermédiaire',
  intermediateThrowEvent: 'Événement intermédiaire émis', exclusiveGateway: 'Branchement exclusif',
  parallelGateway: 'Branchement parallèle', inclusiveGateway: 'Branchement inclusif',
  eventBasedGateway: 'Branchement sur événement', process: 'Processus',
};
const ATTRIBUTES = ['uib-tooltip', 'title', 'aria-label'];
const MULTI_INSTANCE_BODY = /^(.+)#multiInstanceBody$/;

/**
 * The name of a repeated activity, from the tree node `element` belongs to: its instances, listed under it, carry the
 * activity's name; else from the diagram, when the activity is drawn on the page shown. Null while neither is there.
 */
function activityName(id, element) {
  const node = element?.closest('.tree-node');
  if (node) {
    for (const child of node.querySelectorAll('ul .tree-node-label a')) {
      const name = child.textContent.replace(/\s+/g, ' ').trim();
      if (child !== element && name && !MULTI_INSTANCE_BODY.test(name)) {
        return name;
      }
    }
  }
  const shape = document.querySelector(`.djs-element[data-element-id="${CSS.escape(id)}"] .djs-visual text`);
  const drawn = shape ? shape.textContent.replace(/\s+/g, ' ').trim() : '';
  return drawn || null;
}

function frenchFor(text, element) {
  const trimmed = text.trim();
  if (Object.hasOwn(LITERALS, trimmed)) {
    return text.replace(trimmed, LITERALS[trimmed]);
  }
  const body = trimmed.match(MULTI_INSTANCE_BODY);
  if (body) {
    // Named once its instances or the diagram are shown (a later change of the page brings this back here).
    const name = activityName(body[1], element);
    return name ? text.replace(trimmed, `${name} (toutes les instances)`) : null;
  }
  return null;
}

function translate(root) {
  for (const name of ATTRIBUTES) {
    for (const element of root.querySelectorAll(`[${name}]`)) {
      const said = frenchFor(element.getAttribute(name), element);
      if (said !== null) {
        element.setAttribute(name, said);
      }
    }
  }
  // The tooltip shown, and the activity tree's labels.
  for (const container of root.querySelectorAll('.tooltip-inner, .instance-tree .tree-node-label')) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const said = frenchFor(node.data, node.parentElement);
      if (said !== null) {
        node.data = said;
      }
    }
  }
}

if (language === 'fr') {
  new MutationObserver(() => translate(document)).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
}
