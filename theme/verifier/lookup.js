// Finding a record by lookup id in the published lookup store (portal/registry/store/lookup_store.py): the signed
// index.json, then one folder's digests and exactly one shard, whatever the answer. The shard of an id is the top
// `shard_bits` bits of its first 4 hex digits. Every byte read is checked against the signed index (index ->
// digests -> shard): a missing, altered or stale file is damage and fails the lookup, never "not registered".
// A row keeps the first COMMITMENT_PREFIX characters of the record's commitment: whoever looks a record up computes
// the whole commitment from the holder's data (recordOf); the prefix tells a wrong name from a forgery.

import { msg, Said } from './i18n.js';
import { fromUtf8, hex } from './encoding.js';
import { COMMITMENT_PREFIX, STORE_FORMAT } from './vocab.js';
import { RECORD_FIELDS } from './credential.js';

/** @typedef {Record<string, any>} StoreRow index.json's "fields": a record's, commitment_prefix for commitment, log */

const MAX_BITS = 16;
const PER_FOLDER = 256;
const STORE_FIELDS = ['organisation', 'lookup', 'commitment_prefix', ...RECORD_FIELDS.slice(3), 'log'];

/** @param {number} shard @returns {string} path inside verify/ */
const shardFile = (shard) => {
  const digits = shard.toString(16).padStart(4, '0');
  return `records/${digits.slice(0, 2)}/${digits.slice(2)}.json`;
};

/** @param {string} lookup 32 hex digits @param {number} bits @returns {number} */
const shardOf = (lookup, bits) => parseInt(lookup.slice(0, 4), 16) >> (MAX_BITS - bits);

/**
 * records/index.json, as the snapshot signs it (lookup_store.open_index).
 * @param {Uint8Array} bytes @returns {{bits: number, digests: string[]}} @throws {Said} if it is not a store's index
 */
export function openIndex(bytes) {
  let index;
  try {
    index = JSON.parse(fromUtf8(bytes));
  } catch {
    index = null;
  }
  const bits = index?.shard_bits;
  const digests = index?.digests;
  const ok =
    index?.format === STORE_FORMAT &&
    JSON.stringify(index.fields) === JSON.stringify(STORE_FIELDS) &&
    Number.isInteger(bits) &&
    bits >= 0 &&
    bits <= MAX_BITS &&
    Array.isArray(digests) &&
    digests.length === Math.floor((2 ** bits - 1) / PER_FOLDER) + 1 &&
    digests.every((d) => typeof d === 'string' && /^[0-9a-f]{64}$/.test(d));
  if (!ok) throw new Said(msg('lists.store'));
  return { bits, digests };
}

/**
 * @param {string} lookup
 * @param {{bits: number, digests: string[]}} index the signed index (openIndex)
 * @param {(path: string) => Promise<Uint8Array>} fetchBytes reads a file of verify/
 * @returns {Promise<StoreRow|null>} the store's row, or null if none has this lookup id
 * @throws {Said} when a file cannot be read or is not the one the index signs (the site's data is damaged)
 */
export async function findRecord(lookup, index, fetchBytes, crypto) {
  const shard = shardOf(lookup, index.bits);
  const folder = Math.floor(shard / PER_FOLDER);
  const at = shard % PER_FOLDER;
  const digestsPath = `records/${folder.toString(16).padStart(2, '0')}/digests`;
  const digests = await fetchBytes(digestsPath);
  if (hex(await crypto.sha256(digests)) !== index.digests[folder])
    throw new Said(msg('lists.store_damaged', { path: digestsPath }));
  const path = shardFile(shard);
  const bytes = await fetchBytes(path);
  if (hex(await crypto.sha256(bytes)) !== hex(digests.subarray(at * 32, at * 32 + 32)))
    throw new Said(msg('lists.store_damaged', { path }));
  const rows = JSON.parse(fromUtf8(bytes));
  const row = Array.isArray(rows) ? rows.find((r) => Array.isArray(r) && r[1] === lookup) : null;
  return row ? Object.fromEntries(STORE_FIELDS.map((field, i) => [field, row[i]])) : null;
}

/**
 * The whole record a row stands for, given the commitment computed from the holder's data.
 * @param {StoreRow} row @param {string} commitment @returns {import('./credential.js').Rec|null} null: another name
 */
export function recordOf(row, commitment) {
  const prefix = row.commitment_prefix;
  if (typeof prefix !== 'string' || prefix.length !== COMMITMENT_PREFIX || !commitment.startsWith(prefix)) return null;
  return Object.fromEntries(RECORD_FIELDS.map((field) => [field, field === 'commitment' ? commitment : row[field]]));
}

/** Does the row stand for exactly this record? @param {StoreRow} row @param {import('./credential.js').Rec} record */
export function standsFor(row, record) {
  const whole = recordOf(row, record.commitment);
  return whole !== null && RECORD_FIELDS.every((field) => whole[field] === record[field]);
}
