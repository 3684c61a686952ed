// Finding a record by lookup id in the published lookup store (portal/registry/store/lookup_store.py): read index.json, then
// exactly one shard, whatever the answer. The shard of an id is the top `shard_bits` bits of its first 4 hex digits.
// A row keeps the first COMMITMENT_PREFIX characters of the record's commitment: whoever looks a record up computes
// the whole commitment from the holder's data (recordOf); the prefix tells a wrong name from a forgery.

import { msg, Said } from './i18n.js';
import { COMMITMENT_PREFIX, STORE_FORMAT } from './vocab.js';
import { RECORD_FIELDS } from './credential.js';

/** @typedef {Record<string, any>} StoreRow index.json's "fields": a record's, commitment_prefix for commitment, log */

/** @param {string} lookup 32 hex digits @param {number} bits @returns {string} path inside verify/ */
export function shardPath(lookup, bits) {
  const digits = (parseInt(lookup.slice(0, 4), 16) >> (16 - bits)).toString(16).padStart(4, '0');
  return `records/${digits.slice(0, 2)}/${digits.slice(2)}.json`;
}

/**
 * @param {string} lookup
 * @param {(path: string) => Promise<any>} fetchJson reads a file of verify/
 * @returns {Promise<StoreRow|null>} the store's row, or null if none has this lookup id
 */
export async function findRecord(lookup, fetchJson) {
  const index = await fetchJson('records/index.json');
  if (index?.format !== STORE_FORMAT || !Number.isInteger(index.shard_bits)) throw new Said(msg('lists.store'));
  const shard = await fetchJson(shardPath(lookup, index.shard_bits));
  const at = index.fields.indexOf('lookup');
  const row = Array.isArray(shard) ? shard.find((r) => Array.isArray(r) && r[at] === lookup) : null;
  return row ? Object.fromEntries(index.fields.map((field, i) => [field, row[i]])) : null;
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
