// Reading what a holder shows: the compact QR payload (or a verify URL carrying it), the credential file, or
// the W3C VC export. A port of portal/registry/credentials/credential.py: the same forms, limits and error codes.

import { msg } from './i18n.js';
import { UNIT_SEPARATOR, b64url, fromB64url, fromUtf8 } from './encoding.js';
import { HolderError, holderOf, trimSpaces } from './holder.js';

import { CREDENTIAL_TYPE } from './vocab.js';

export { CREDENTIAL_TYPE };
const COMPACT_PREFIX = '1.';
const COMPACT_VERSION = 1;
const MAX_COMPACT = 2000;
export const MAX_FILE = 64 * 1024;
const MAX_DEPTH = 16;
const SIGNATURE_BYTES = 64;
export const RECORD_FIELDS = [
  'organisation',
  'lookup',
  'commitment',
  'certificate',
  'level',
  'issued',
  'key',
  'signature',
];

export class CredentialError extends Error {
  /** @param {string} code one of portal/registry/credentials/credential.py CODES @param {string|object} [detail] text or a message */
  constructor(code, detail = '') {
    super(typeof detail === 'string' && detail ? detail : code);
    this.code = code;
    this.detail = detail;
  }
}

/** @typedef {Record<string, string>} Rec a record: RECORD_FIELDS */

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function textFields(data, names, where) {
  if (!isObject(data)) throw new CredentialError('missing', msg('ev.missing', { where }));
  for (const name of names) {
    if (!Object.hasOwn(data, name) || typeof data[name] !== 'string') {
      throw new CredentialError('missing', msg('ev.missing_field', { where, name }));
    }
  }
  return names.map((name) => data[name]);
}

async function holderFrom(number, name, code, crypto) {
  try {
    return await holderOf(number, name, code, crypto);
  } catch (error) {
    if (error instanceof HolderError) throw new CredentialError('holder', error.field);
    throw error;
  }
}

function checkIds(holder, lookup, commitment) {
  if (lookup !== holder.lookup || commitment !== holder.commitment) throw new CredentialError('mismatch');
}

const recordOf = (holder, fields) => ({ ...fields, lookup: holder.lookup, commitment: holder.commitment });

/** @param {string} text @param {import('./crypto.js').Crypto} crypto */
export async function fromCompact(text, crypto) {
  if (text.length > MAX_COMPACT + 200) throw new CredentialError('too-large');
  if (text.includes('#')) {
    text = text.slice(text.indexOf('#') + 1);
    if (text.startsWith('c=')) text = text.slice(2);
  }
  if (text.length > MAX_COMPACT || !text.startsWith(COMPACT_PREFIX)) throw new CredentialError('not-ours');
  let body;
  try {
    body = fromB64url(text.slice(COMPACT_PREFIX.length));
  } catch {
    throw new CredentialError('base64');
  }
  if (body.length < 1 + SIGNATURE_BYTES || body[0] !== COMPACT_VERSION) throw new CredentialError('version');
  let fields;
  try {
    fields = fromUtf8(body.subarray(1 + SIGNATURE_BYTES)).split(UNIT_SEPARATOR);
  } catch {
    throw new CredentialError('utf8');
  }
  if (fields.length !== 8) throw new CredentialError('fields', msg('ev.field_count', { count: fields.length }));
  const [number, name, code, certificate, level, issued, organisation, key] = fields;
  const holder = await holderFrom(number, name, code, crypto);
  const signature = b64url(body.subarray(1, 1 + SIGNATURE_BYTES));
  return { holder, record: recordOf(holder, { organisation, certificate, level, issued, key, signature }) };
}

/** @param {unknown} data parsed JSON @param {import('./crypto.js').Crypto} crypto */
export async function fromJson(data, crypto) {
  if (!isObject(data) || data.type !== CREDENTIAL_TYPE) throw new CredentialError('not-ours');
  const holder = await holderFrom(...textFields(data.holder, ['number', 'name', 'code'], 'holder'), crypto);
  const values = textFields(data.record, RECORD_FIELDS, 'record');
  const record = Object.fromEntries(RECORD_FIELDS.map((name, i) => [name, values[i]]));
  checkIds(holder, record.lookup, record.commitment);
  return { holder, record };
}

/** The holder and registry record a VC of ours carries. @param {object} document */
export async function fromVc(document, crypto) {
  const subject = document.credentialSubject;
  const [number, name, code] = textFields(
    subject,
    ['certificateNumber', 'name', 'verificationCode'],
    'credentialSubject',
  );
  const [certificate, level, issued] = textFields(
    subject.achievement,
    ['certificate', 'level', 'issued'],
    'credentialSubject.achievement',
  );
  const [organisation, lookup, commitment, key, signature] = textFields(
    subject.registryRecord,
    ['organisation', 'lookup', 'commitment', 'key', 'signature'],
    'credentialSubject.registryRecord',
  );
  const holder = await holderFrom(number, name, code, crypto);
  checkIds(holder, lookup, commitment);
  return { holder, record: { organisation, lookup, commitment, certificate, level, issued, key, signature } };
}

/** @param {string} text @returns {number} how deeply JSON text nests arrays and objects (strings skipped) */
export function jsonDepth(text) {
  let depth = 0,
    deepest = 0,
    inString = false,
    escaped = false;
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return deepest;
}

export const LOG_PROOF_FIELD = 'log_proof';
const MAX_PROOF = 8 * 1024;

/** The c2sp tlog-proof a credential JSON file carries (log_proof.of_credential), or null. @param {string} text */
export function logProofOf(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const proof = isObject(data) && data.type === CREDENTIAL_TYPE ? data[LOG_PROOF_FIELD] : null;
  return typeof proof === 'string' && proof.length <= MAX_PROOF ? proof : null;
}

/**
 * Any credential a holder may show.
 * @param {string} text
 * @param {import('./crypto.js').Crypto} crypto
 * @returns {Promise<{holder: import('./holder.js').Holder, record: Rec, document: object|null}>}
 *   document: the VC, when the input is one (its proof is checked against the snapshot by the caller)
 * @throws {CredentialError}
 */
export async function read(text, crypto) {
  if (typeof text !== 'string' || text.length > MAX_FILE) throw new CredentialError('too-large');
  text = trimSpaces(text);
  if (!text.startsWith('{')) return { ...(await fromCompact(text, crypto)), document: null };
  if (jsonDepth(text) > MAX_DEPTH) throw new CredentialError('json');
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CredentialError('json');
  }
  if (isObject(document) && Object.hasOwn(document, 'proof')) return { ...(await fromVc(document, crypto)), document };
  return { ...(await fromJson(document, crypto)), document: null };
}
