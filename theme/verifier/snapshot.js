// The signed snapshot (verify/snapshot.json): a port of open_snapshot in portal/registry/store/publication.py, checked
// before any list is used, and the page's memory of the newest snapshot it has seen (rollback and fork defence).

import { msg, Said } from './i18n.js';
import { b64url, fromB64url, hex } from './encoding.js';
import { consistencyProof, fold, frontier, verifyConsistency } from './merkle.js';
import { openCheckpoint, verifier } from './note.js';
import { cosigned } from './cosignature.js';
import { verifySigned } from './trust.js';
import { CLOCK_SKEW_MINUTES, COSIGNATURE_FRESH_MINUTES, SNAPSHOT_EXPIRES_DAYS, SNAPSHOT_FORMAT } from './vocab.js';

export const TRUSTED_FILES = ['verify/trust.json', 'verify/revocations.json', 'verify/records/index.json'];

/** The China Standard Time day of an instant, YYYY-MM-DD. */
export const chinaDay = (date) => new Date(date.getTime() + 8 * 3600000).toISOString().slice(0, 10);

/** May this log key sign on `day` (YYYY-MM-DD): within its validity, before any revocation (LogKey.in_force). */
export const inForce = (logKey, day) =>
  logKey.valid_from <= day && day <= logKey.valid_until && !(logKey.revocation && day >= logKey.revocation.from);

/**
 * @param {any} doc verify/snapshot.json @param {import('./trust.js').Snapshot} snapshot from the listed trust.json
 * @param {Record<string, Uint8Array>} texts the exact bytes of every file in TRUSTED_FILES
 * @param {Date} now the time of checking (a snapshot from the future is refused)
 * @returns {Promise<object>} {version, issued, expires, size, rootHash, edge, logKey, key}
 * @throws {Error} in Chinese, naming what does not hold
 */
export async function openSnapshot(doc, snapshot, texts, crypto, now) {
  if (doc?.format !== SNAPSHOT_FORMAT) throw new Said(msg('lists.snapshot_format'));
  if (doc.root !== snapshot.root.key) throw new Said(msg('lists.snapshot_root'));
  const logKey = snapshot.logKeys.get(doc.log?.key);
  if (!logKey) throw new Said(msg('lists.snapshot_log_key', { key: doc.log?.key }));
  if (logKey.problem) throw new Said(msg('lists.snapshot_log_endorsement', { problem: logKey.problem }));
  const issued = new Date(doc.issued);
  const expires = new Date(doc.expires);
  if (Number.isNaN(issued.getTime()) || Number.isNaN(expires.getTime())) throw new Said(msg('lists.snapshot_times'));
  // what a signer chooses is bounded (publication.open_snapshot): a stolen or revoked log key cannot sign a
  // snapshot that stays in force for years, nor a version that locks out every later one
  if (expires - issued <= 0 || expires - issued > SNAPSHOT_EXPIRES_DAYS * 86400000)
    throw new Said(msg('lists.snapshot_lifetime', { days: SNAPSHOT_EXPIRES_DAYS }));
  if (doc.version !== issued.getTime() / 1000) throw new Said(msg('lists.snapshot_version'));
  if (issued.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60000) throw new Said(msg('lists.snapshot_future'));
  if (doc.log.origin !== logKey.origin || logKey.origin !== snapshot.logOrigin)
    throw new Said(msg('lists.snapshot_origin'));
  if (!inForce(logKey, chinaDay(issued))) throw new Said(msg('lists.snapshot_key_validity', { key: logKey.key }));
  // revoked as compromised: whoever holds the key can sign any issue time, so nothing it signed is believed
  if (logKey.revocation?.reason === 'compromised' && logKey.revocation.from <= chinaDay(now))
    throw new Said(msg('lists.snapshot_key_compromised', { key: logKey.key, from: logKey.revocation.from }));
  const { signature, ...unsigned } = doc;
  if (!(await verifySigned(logKey.publicKeyBytes, unsigned, signature, crypto)))
    throw new Said(msg('lists.snapshot_signature'));
  const listed = Object.keys(doc.files ?? {}).sort();
  if (listed.join() !== [...TRUSTED_FILES].sort().join()) throw new Said(msg('lists.snapshot_files'));
  for (const path of TRUSTED_FILES) {
    if (!texts[path] || hex(await crypto.sha256(texts[path])) !== doc.files[path])
      throw new Said(msg('lists.snapshot_digest', { path }));
  }
  if (!Number.isSafeInteger(doc.version) || !Number.isSafeInteger(doc.checkpoint?.size))
    throw new Said(msg('lists.snapshot_numbers'));
  const rootHash = fromB64url(doc.checkpoint.root_hash, 32);
  const edge = (Array.isArray(doc.checkpoint.edge) ? doc.checkpoint.edge : []).map((h) => fromB64url(h, 32));
  if (edge.length !== frontier(doc.checkpoint.size).length || hex(fold(edge)) !== hex(rootHash))
    throw new Said(msg('lists.snapshot_edge'));
  const key = await verifier(logKey.origin, logKey.publicKeyBytes, crypto);
  const cosigners = await witnessedBy(
    doc.checkpoint.note,
    snapshot,
    key,
    doc.checkpoint.size,
    rootHash,
    issued,
    now,
    crypto,
  );
  return {
    version: doc.version,
    issued,
    expires,
    size: doc.checkpoint.size,
    rootHash,
    edge,
    logKey,
    key,
    cosigners,
    quorum: snapshot.witnesses.quorum,
  };
}

/** The policy's witnesses as cosignature.js takes them. */
export const cosignersOf = (policy) => policy.witnesses.map((w) => ({ name: w.name, publicKey: w.publicKeyBytes }));

/**
 * The witnesses whose cosignature on the snapshot's checkpoint counts (publication.witnessed_by): made no earlier than
 * COSIGNATURE_FRESH_MINUTES before the snapshot was issued, and not from the future. @throws {Said}
 */
async function witnessedBy(note, snapshot, key, size, rootHash, issued, now, crypto) {
  let checkpoint, times;
  try {
    checkpoint = await openCheckpoint(note, key, snapshot.logOrigin, crypto);
    performance.mark('1x-cosignatures-start'); // what the witnesses add (scripts/benchmark_verifier.py)
    times = await cosigned(note, cosignersOf(snapshot.witnesses), crypto);
    performance.measure('1x-cosignatures', '1x-cosignatures-start');
  } catch (error) {
    throw new Said(msg('lists.snapshot_note', { error: error.message }));
  }
  if (checkpoint.size !== size || hex(checkpoint.root) !== hex(rootHash))
    throw new Said(msg('lists.snapshot_note_tree'));
  const low = issued.getTime() / 1000 - COSIGNATURE_FRESH_MINUTES * 60;
  const high = now.getTime() / 1000 + CLOCK_SKEW_MINUTES * 60;
  return [...times]
    .filter(([, time]) => low <= time && time <= high)
    .map(([name]) => name)
    .sort();
}

/** Did enough witnesses cosign the state's checkpoint (SignedState.witnessed)? */
export const isWitnessed = (state) => state.cosigners.length >= state.quorum;

export const isExpired = (state, now) => now.getTime() >= state.expires.getTime();

/** Where the browser keeps the rollback memory: its localStorage, or null where storage is disabled (the signed
 * snapshot's expiry still bounds the age). The page and the single file (for a file opened from disk) alike. */
export function browserStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Refuse a snapshot older than the newest this browser has seen for this root, or a log that is not an extension
 * of the one seen (a fork or a rewritten history); then remember this one.
 * @param {Storage|null} storage @param {string} rootKey @param {object} state from openSnapshot
 * @param {(() => object)|null} reader a tile reader of the current log (null offline: the fork check waits)
 * @throws {Error} in Chinese
 */
export async function checkSeen(storage, rootKey, state, reader) {
  if (!storage) return;
  const name = `x1portal:snapshot:${rootKey}`;
  let seen;
  try {
    seen = JSON.parse(storage.getItem(name) ?? 'null');
  } catch {
    seen = null; // unreadable memory: start afresh
  }
  if (seen && state.version < seen.version) {
    throw new Said(msg('lists.snapshot_rollback', { seen: seen.version, version: state.version }));
  }
  if (seen && Number.isSafeInteger(seen.size) && seen.size > 0) {
    const seenRoot = fromB64url(seen.root, 32);
    let consistent;
    if (state.size < seen.size) consistent = false;
    else if (state.size === seen.size) consistent = hex(seenRoot) === hex(state.rootHash);
    else if (reader) {
      const proof = await consistencyProof(reader().subtree, seen.size, state.size);
      consistent = verifyConsistency(seen.size, state.size, seenRoot, state.rootHash, proof);
    } else consistent = true; // offline: checked on the next visit online
    if (!consistent) {
      throw new Said(msg('lists.snapshot_forked', { size: seen.size }));
    }
  }
  if (!seen || state.version >= seen.version) {
    storage.setItem(name, JSON.stringify({ version: state.version, size: state.size, root: b64url(state.rootHash) }));
  }
}
