/*
 * French for what Camunda Forms (form-js, which renders the `.form` files in Tasklist) writes by itself in English:
 * the messages of its field checks (« Field is required. »…) and the placeholder of a list one can search
 * (« Search »). The form-js of Camunda 7.24 has no translation hook: these texts are replaced as they appear. Loaded
 * as one of the `customScripts` of Tasklist's configuration.
 */
import { language } from './webapps.js';

/** form-js's messages (its Validator), each with the French said instead. */
const MESSAGES = [
  [/^Field is required\.$/, () => 'Champ obligatoire.'],
  [/^Field must match pattern .*$/, () => "Le format n'est pas celui attendu."],
  [/^Field must have minimum value of (.*)\.$/, (min) => `La valeur doit être au moins ${min}.`],
  [/^Field must have maximum value of (.*)\.$/, (max) => `La valeur doit être au plus ${max}.`],
  [/^Field must have minimum length of (.*)\.$/, (min) => `Au moins ${min} caractères.`],
  [/^Field must have maximum length of (.*)\.$/, (max) => `Au plus ${max} caractères.`],
  [/^Field must be a valid email\.$/, () => 'Adresse e-mail non valide.'],
  [/^Field must be a valid\s+international phone number\.\s*\(e\.g\. (.*)\)$/,
    (example) => `Numéro de téléphone international non valide (par exemple ${example}).`],
];
const PLACEHOLDERS = { Search: 'Rechercher' };

function french(text) {
  const trimmed = text.trim();
  for (const [english, said] of MESSAGES) {
    const match = trimmed.match(english);
    if (match) {
      return text.replace(trimmed, said(...match.slice(1)));
    }
  }
  return null;
}

function translate(root) {
  for (const error of root.querySelectorAll('.fjs-form-field-error')) {
    const walker = document.createTreeWalker(error, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const said = french(node.data);
      if (said !== null) {
        node.data = said;
      }
    }
  }
  for (const field of root.querySelectorAll('.fjs-form input[placeholder]')) {
    const said = PLACEHOLDERS[field.getAttribute('placeholder')];
    if (said) {
      field.setAttribute('placeholder', said);
    }
  }
}

if (language === 'fr') {
  new MutationObserver(() => translate(document)).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['placeholder'] });
}
