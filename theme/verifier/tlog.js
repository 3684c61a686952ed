// The static tiled log (c2sp.org/tlog-tiles) read by path, inclusion of a record, and c2sp.org/tlog-proof:
// a port of portal/registry/log/tlog.py and published_site.py's registration.

import { msg, t } from './i18n.js';
import { fromB64, utf8 } from './encoding.js';
import { frontier, inclusionProof, leafHash, levelsOf, verifyInclusion } from './merkle.js';
import { openCheckpoint } from './note.js';
import { RECORD_TYPE, REGISTRATION_WORKING_DAYS, TLOG_PROOF_HEADER } from './vocab.js';
import { workingDaysAfter } from './workdays.js';

const WIDTH = 256;
const HASH = 32;

export function tileIndexPath(index) {
  const parts = [];
  do {
    parts.push(String(index % 1000).padStart(3, '0'));
    index = Math.floor(index / 1000);
  } while (index > 0);
  return [
    ...parts
      .slice(1)
      .reverse()
      .map((p) => `x${p}`),
    parts[0],
  ].join('/');
}

export const tilePath = (level, index, width = WIDTH) =>
  `tile/${level}/${tileIndexPath(index)}${width < WIDTH ? `.p/${width}` : ''}`;

/**
 * subtree(height, index) for a tree of `size` leaves, from tiles fetched once each (tiles are not trusted: a proof
 * made from wrong hashes does not verify against the signed root). The frontier's hashes (`edge`, signed in the
 * snapshot) answer the subtrees of the frontier, so an inclusion proof reads one tile per tile level.
 * @param {(path: string) => Promise<Uint8Array>} fetchBytes reads a file under log/
 * @param {number} size @param {Uint8Array[]} [edge]
 */
export function tileReader(fetchBytes, size, edge = []) {
  const tiles = new Map();
  const known = new Map(edge.length ? frontier(size).map(([h, i], n) => [`${h}/${i}`, edge[n]]) : []);
  const tile = (level, index) => {
    const count = Math.floor(size / WIDTH ** level);
    const width = Math.min(WIDTH, count - index * WIDTH);
    if (width <= 0) throw new Error('tile beyond the tree');
    const path = tilePath(level, index, width);
    if (!tiles.has(path)) {
      tiles.set(
        path,
        fetchBytes(path).then((data) => {
          if (data.length !== width * HASH) throw new Error(`${path}: ${data.length} bytes, expected ${width * HASH}`);
          return data;
        }),
      );
    }
    return tiles.get(path);
  };
  const subtree = async (height, index) => {
    if (known.has(`${height}/${index}`)) return known.get(`${height}/${index}`);
    const level = Math.floor(height / 8);
    const rest = height % 8;
    const first = index * 2 ** rest;
    const data = await tile(level, Math.floor(first / WIDTH));
    const offset = first % WIDTH;
    const hashes = [];
    for (let i = 0; i < 2 ** rest; i++) hashes.push(data.subarray((offset + i) * HASH, (offset + i + 1) * HASH));
    return levelsOf(hashes).at(-1)[0];
  };
  return { subtree, fetched: () => tiles.size };
}

export const recordEntry = (r) =>
  utf8.encode(
    `${RECORD_TYPE} ${r.organisation} ${[r.lookup, r.commitment, r.certificate, r.level, r.issued, r.key, r.signature].join(' ')}`,
  );

/** A registration state with its evidence: in Chinese words (evidence) and as a message (says). */
const registered = (state, says, more = {}) => ({ state, ...more, evidence: t(says, undefined, 'zh'), says });

/** Registration of a record missing from the log (registration.missing): late (invalid), still pending, or not
 * known because the working-day table does not cover the period (both unconfirmed). */
export function missing(issued, snapshotDay, calendar) {
  const days = REGISTRATION_WORKING_DAYS;
  const counted = workingDaysAfter(calendar, issued, snapshotDay);
  if (counted.days > days) return registered('late', msg('ev.late', { issued, day: snapshotDay, days }));
  if (!counted.complete) {
    return registered('pending', msg('ev.calendar_unknown', { issued, day: snapshotDay, days, last: calendar.last }));
  }
  return registered('pending', msg('ev.pending', { issued, days }));
}

export const included = (index, size) => registered('included', msg('ev.included', { n: index + 1, size }), { index });

export const proven = (index, size) =>
  registered('included', msg('ev.included_by_file', { n: index + 1, size }), { index });

export const UNCHECKED = registered('unchecked', msg('ev.unchecked'));

/** Online, but the log data could not be read or proved (registration.unavailable): never valid (fail closed). */
export const unavailable = (reason) =>
  registered('unavailable', msg('ev.unavailable', { reason: reason?.key ? reason : String(reason).slice(0, 200) }));

/** Too few witnesses cosigned the state's checkpoint (registration.unwitnessed): never valid. */
export const unwitnessed = (state) =>
  registered(
    'unavailable',
    msg('ev.unwitnessed', {
      quorum: state.quorum,
      count: state.cosigners.length,
      names: state.cosigners.length ? state.cosigners.join('、') : msg('app.no_witness'),
    }),
  );

/** Is the record at `index` in the signed tree? Proves it from the tiles. */
export async function provesInclusion(record, index, state, reader) {
  if (!(Number.isSafeInteger(index) && index >= 0 && index < state.size)) return false;
  const proof = await inclusionProof(reader.subtree, index, state.size);
  return verifyInclusion(index, state.size, leafHash(recordEntry(record)), proof, state.rootHash);
}

/**
 * A c2sp.org/tlog-proof of a record, checked offline against the log key: {index, checkpoint} or an Error.
 * @param {string} text @param {object} record @param {object} key the log's verifier key (note.js) @param {string} origin
 */
export async function checkProof(text, record, key, origin, crypto) {
  const at = text.indexOf('\n\n');
  if (at < 0) throw new Error('not a tlog proof');
  const lines = text.slice(0, at).split('\n');
  if (lines[0] !== TLOG_PROOF_HEADER) throw new Error('not a tlog proof');
  const first = lines[1]?.startsWith('extra ') ? 2 : 1;
  const match = /^index (0|[1-9][0-9]{0,15})$/.exec(lines[first] ?? '');
  if (!match) throw new Error('the proof has no index line');
  const proof = lines.slice(first + 1).map((line) => fromB64(line, HASH));
  const checkpoint = await openCheckpoint(text.slice(at + 2), key, origin, crypto);
  const index = Number(match[1]);
  if (!verifyInclusion(index, checkpoint.size, leafHash(recordEntry(record)), proof, checkpoint.root))
    throw new Error('the inclusion proof does not lead to the checkpoint root');
  return { index, checkpoint };
}
