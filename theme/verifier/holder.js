// What is printed on a certificate: number, holder name, verification code; and the two ids derived from them.
// A port of portal/registry/credentials/holder.py, rule for rule (tests/vectors/normalize.json holds both to it).

import { canonicalize } from './jcs.js';
import { b64url, hex, utf8 } from './encoding.js';

import { COMMITMENT_TYPE, LOOKUP_TYPE, MIDDLE_DOT, NAME_DOTS, NAME_REFUSED, NAME_STOPS, NAME_WIDE } from './vocab.js';

export { COMMITMENT_TYPE, LOOKUP_TYPE };
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;
const MAX_NUMBER_LENGTH = 40;
const MAX_NAME_LENGTH = 60;
const SPACES = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const SPACE = new RegExp(`[${SPACES}]+`, 'g');
const TRIM = new RegExp(`^[${SPACES}]+|[${SPACES}]+$`, 'g');
const NUMBER = /^[!-~]+$/;
// The name rules' characters (refused, middle dots, full stops, wide scripts) come from portal/vocab.py (vocab.js).
/** @param {number[][]} ranges @param {string} char one code point */
const within = (ranges, char) => {
  const point = char.codePointAt(0);
  return ranges.some(([low, high]) => low <= point && point <= high);
};
/** @param {string} char one code point */
const wide = (char) => char === MIDDLE_DOT || within(NAME_WIDE, char);
/** Whether the nearest character before or after i, past at most one space, is a CJK character. */
function wideNear(chars, i) {
  for (const step of [-1, 1]) {
    let j = i + step;
    if (j >= 0 && j < chars.length && chars[j] === ' ') j += step;
    if (j >= 0 && j < chars.length && chars[j] !== MIDDLE_DOT && wide(chars[j])) return true;
  }
  return false;
}

export class HolderError extends Error {
  /** @param {'number'|'name'|'code'} field */
  constructor(field) {
    super(`holder field ${field} is not valid`);
    this.field = field;
  }
}

/** @param {string} text */
export const trimSpaces = (text) => text.replace(TRIM, '');

/** @param {string} text @returns {string} */
export function normalizeCode(text) {
  const code = text.normalize('NFKC').replace(SPACE, '').replaceAll('-', '');
  if (!/^\p{ASCII}*$/u.test(code) || code.length !== CODE_LENGTH) throw new HolderError('code');
  const read = code.toUpperCase().replace(/[IL]/g, '1').replaceAll('O', '0');
  if ([...read].some((c) => !CODE_ALPHABET.includes(c))) throw new HolderError('code');
  return read;
}

/** @param {string} code @returns {string} as printed: XXXX-XXXX-XXXX */
/** A fresh random verification code: 60 bits from the browser's CSPRNG (new_code in holder.py). */
export function newCode(random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))) {
  const number = random(8).reduce((n, byte) => n * 256n + BigInt(byte), 0n) >> 4n;
  return Array.from(
    { length: CODE_LENGTH },
    (_, i) => CODE_ALPHABET[Number((number >> BigInt(5 * (CODE_LENGTH - 1 - i))) & 31n)],
  ).join('');
}

export const formatCode = (code) => code.match(/.{1,4}/g).join('-');
/** The code as a printed report shows it: its first four characters only. */
export const maskedCode = (code) => `${formatCode(code).slice(0, 4)}-••••-••••`;

/** @param {string} text @returns {string} */
export function normalizeNumber(text) {
  const number = text.normalize('NFKC').replace(SPACE, '');
  if (!NUMBER.test(number) || number.length > MAX_NUMBER_LENGTH) throw new HolderError('number');
  return number.toUpperCase();
}

/** @param {string} text @returns {string} */
export function normalizeName(text) {
  if (!text.isWellFormed()) throw new HolderError('name');
  const name = text.normalize('NFC');
  if ([...name].some((char) => within(NAME_REFUSED, char))) throw new HolderError('name');
  const chars = [...trimSpaces(name.replace(SPACE, ' '))];
  chars.forEach((char, i) => {
    if (NAME_DOTS.includes(char) || (NAME_STOPS.includes(char) && wideNear(chars, i))) chars[i] = MIDDLE_DOT;
  });
  const kept = chars.filter((char, i) => char !== ' ' || !(wide(chars[i - 1]) || wide(chars[i + 1])));
  if (!kept.length || kept.length > MAX_NAME_LENGTH) throw new HolderError('name');
  return kept.join('');
}

/**
 * @typedef {{number: string, name: string, code: string, lookup: string, commitment: string}} Holder
 * @param {string} number @param {string} name @param {string} code
 * @param {import('./crypto.js').Crypto} crypto
 * @returns {Promise<Holder>} normalised fields and the lookup id and commitment
 * @throws {HolderError}
 */
export async function holderOf(number, name, code, crypto) {
  const holder = { number: normalizeNumber(number), name: normalizeName(name), code: normalizeCode(code) };
  const lookup = await crypto.sha256(
    utf8.encode(canonicalize({ type: LOOKUP_TYPE, number: holder.number, code: holder.code })),
  );
  const commitment = await crypto.sha256(utf8.encode(canonicalize({ type: COMMITMENT_TYPE, ...holder })));
  return { ...holder, lookup: hex(lookup.subarray(0, 16)), commitment: b64url(commitment) };
}
