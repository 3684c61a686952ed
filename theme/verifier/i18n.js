// The verifier's words in Chinese (the default) and English: one catalogue per language (messages/zh.json,
// messages/en.json), shared by the verify page, the batch page and the single file. What the verifier finds is kept
// as messages ({key, values}) and put into words when shown, so switching language re-renders a result unchanged.
// The Chinese evidence of each step is word for word portal/registry/validity/steps.py's (the shared vectors check it).

import zh from './messages/zh.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };

export const CATALOGUES = { zh, en };
export const LANGUAGES = { zh: 'zh-CN', en: 'en' }; // catalogue -> the lang attribute it sets
const DATES = { zh: 'zh-CN', en: 'en-CA' }; // en-CA writes dates as 2026-11-24, which no reader takes for 24 November
const STORED = '1x-verify-language';

let current = 'zh';

/** A message: a catalogue key and its values (text, numbers, other messages, or lists of them). */
export const msg = (key, values = {}) => ({ key, values });

const isMessage = (value) => value !== null && typeof value === 'object' && typeof value.key === 'string';

/**
 * A message or a key in words of one language (the current one unless named). A value may be text, a number, a
 * date (written as the language writes dates, when), a message, or a list of them (joined as the language lists
 * things).
 * @param {object|string} message @param {object} [values] when message is a key @param {string} [language]
 */
export function t(message, values, language = current) {
  const { key, values: given } = isMessage(message) ? message : { key: message, values: values ?? {} };
  const template = CATALOGUES[language][key];
  if (template === undefined) throw new Error(`no message ${key} in ${language}`);
  const word = (value) =>
    isMessage(value) ? t(value, undefined, language) : value instanceof Date ? when(value, language) : String(value);
  return template.replace(/\{([a-z_]+)\}/g, (whole, name) => {
    const value = given[name];
    if (value === undefined) throw new Error(`message ${key} needs {${name}}`);
    return Array.isArray(value) ? value.map(word).join(t('list.separator', {}, language)) : word(value);
  });
}

export const language = () => current;

/** Is there such a message? */
export const has = (key) => Object.hasOwn(CATALOGUES.zh, key);

/** An error that says what went wrong as a message: its text (message) in Chinese, its message (says) for any. */
export class Said extends Error {
  constructor(says) {
    super(t(says, undefined, 'zh'));
    this.says = says;
  }
}

/** What an error says, for the page: its message when it has one, else its text (a technical detail). */
export const saidBy = (error) => error?.says ?? (error?.message || String(error));

/** The language asked for: ?lang=en, else the one chosen here before, else Chinese. */
export function initialLanguage(search = location.search, storage = globalThis.localStorage) {
  const asked = new URLSearchParams(search).get('lang');
  if (asked && Object.hasOwn(CATALOGUES, asked)) return asked;
  try {
    const kept = storage?.getItem(STORED);
    if (kept && Object.hasOwn(CATALOGUES, kept)) return kept;
  } catch {
    // storage refused (a sandboxed file): Chinese
  }
  return 'zh';
}

/**
 * Put a part of the page into a language: its lang attribute, and every element marked data-t="key" (its text) or
 * data-t-<attribute>="key" (that attribute). Remembers the choice.
 * @param {HTMLElement} part @param {string} chosen
 */
export function setLanguage(part, chosen, storage = globalThis.localStorage) {
  const heading = part.querySelector('h1[data-t]');
  const before = heading?.textContent;
  current = Object.hasOwn(CATALOGUES, chosen) ? chosen : 'zh';
  part.lang = LANGUAGES[current];
  for (const node of part.querySelectorAll('*')) {
    for (const { name, value } of [...node.attributes]) {
      if (name === 'data-t') node.textContent = t(value, pageValues(node));
      else if (name.startsWith('data-t-')) node.setAttribute(name.slice(7), t(value, pageValues(node)));
    }
  }
  // the tab's title names the page as its heading does ("证书核验 · site" -> "Verify a certificate · site")
  if (heading && before && globalThis.document?.title.includes(before)) {
    document.title = document.title.replace(before, heading.textContent);
  }
  try {
    storage?.setItem(STORED, current);
  } catch {
    // not remembered: the page still switches
  }
}

/** Values for a static message, from the element's data-v-<name> attributes (e.g. the snapshot date). */
function pageValues(node) {
  const values = {};
  for (const { name, value } of node.attributes) if (name.startsWith('data-v-')) values[name.slice(7)] = value;
  return values;
}

/** Dates and times as the language writes them, in Beijing time (a Date in a message's values is written so). */
export const when = (date, language = current) =>
  date.toLocaleString(DATES[language], {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    dateStyle: 'short',
    timeStyle: 'short',
  });
export const moment = (date) => date.toLocaleString(DATES[current], { timeZone: 'Asia/Shanghai', hour12: false });

/**
 * The switch: a button that names the other language; pressing it puts the part into that language and calls
 * rerender (which draws the current result again).
 */
export function languageSwitch(button, part, rerender) {
  const show = () => {
    const other = current === 'zh' ? 'en' : 'zh';
    button.textContent = t('lang.switch');
    button.lang = LANGUAGES[other];
    button.setAttribute('aria-label', t('lang.switch_label'));
  };
  button.addEventListener('click', () => {
    setLanguage(part, current === 'zh' ? 'en' : 'zh');
    show();
    rerender();
  });
  button.hidden = false;
  show();
}
