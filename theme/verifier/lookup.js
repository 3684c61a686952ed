// Finding a record by lookup id in the published lookup store (portal/registry/lookup_store.py): read index.json, then
// exactly one shard, whatever the answer. The shard of an id is the top `shard_bits` bits of its first 4 hex digits.

import { STORE_FORMAT } from './vocab.js';

/** @param {string} lookup 32 hex digits @param {number} bits @returns {string} path inside verify/ */
export function shardPath(lookup, bits) {
  const digits = (parseInt(lookup.slice(0, 4), 16) >> (16 - bits)).toString(16).padStart(4, '0');
  return `records/${digits.slice(0, 2)}/${digits.slice(2)}.json`;
}

/**
 * @param {string} lookup
 * @param {(path: string) => Promise<any>} fetchJson reads a file of verify/
 * @returns {Promise<import('./credential.js').Rec|null>} the record, or null if none has this lookup id
 */
export async function findRecord(lookup, fetchJson) {
  const index = await fetchJson('records/index.json');
  if (index?.format !== STORE_FORMAT || !Number.isInteger(index.shard_bits)) throw new Error('查询索引格式不符');
  const shard = await fetchJson(shardPath(lookup, index.shard_bits));
  const at = index.fields.indexOf('lookup');
  const row = Array.isArray(shard) ? shard.find((r) => Array.isArray(r) && r[at] === lookup) : null;
  return row ? Object.fromEntries(index.fields.map((field, i) => [field, row[i]])) : null;
}
