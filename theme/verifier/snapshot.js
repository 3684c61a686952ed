// The signed snapshot (verify/snapshot.json): a port of open_snapshot in portal/registry/publication.py, checked
// before any list is used, and the page's memory of the newest snapshot it has seen (rollback and fork defence).

import { b64url, fromB64url, hex } from './encoding.js';
import { consistencyProof, fold, frontier, verifyConsistency } from './merkle.js';
import { verifier } from './note.js';
import { verifySigned } from './trust.js';
import { SNAPSHOT_FORMAT } from './vocab.js';

export const TRUSTED_FILES = ['verify/trust.json', 'verify/revocations.json', 'verify/records/index.json'];

/** The China Standard Time day of an instant, YYYY-MM-DD. */
export const chinaDay = (date) => new Date(date.getTime() + 8 * 3600000).toISOString().slice(0, 10);

/**
 * @param {any} doc verify/snapshot.json @param {import('./trust.js').Snapshot} snapshot from the listed trust.json
 * @param {Record<string, Uint8Array>} texts the exact bytes of every file in TRUSTED_FILES
 * @returns {Promise<object>} {version, issued, expires, size, rootHash, edge, logKey, key}
 * @throws {Error} in Chinese, naming what does not hold
 */
export async function openSnapshot(doc, snapshot, texts, crypto) {
  if (doc?.format !== SNAPSHOT_FORMAT) throw new Error('快照格式不符');
  if (doc.root !== snapshot.root.key) throw new Error('快照不是本核验器固定的根密钥所属注册库的');
  const logKey = snapshot.logKeys.get(doc.log?.key);
  if (!logKey) throw new Error(`快照的签名密钥 ${doc.log?.key} 不是经根密钥背书的日志密钥`);
  if (logKey.problem) throw new Error(`日志密钥的背书无效：${logKey.problem}`);
  const issued = new Date(doc.issued);
  const expires = new Date(doc.expires);
  if (Number.isNaN(issued.getTime()) || Number.isNaN(expires.getTime())) throw new Error('快照的签发或过期时间无效');
  if (doc.log.origin !== logKey.origin || logKey.origin !== snapshot.logOrigin)
    throw new Error('快照的日志来源与日志密钥的背书不符');
  const day = chinaDay(issued);
  const revoked = logKey.revocation && day >= logKey.revocation.from;
  if (!(logKey.valid_from <= day && day <= logKey.valid_until) || revoked)
    throw new Error(`日志密钥 ${logKey.key} 在快照签发日不在有效期内（已过期或已吊销）`);
  const { signature, ...unsigned } = doc;
  if (!(await verifySigned(logKey.publicKeyBytes, unsigned, signature, crypto)))
    throw new Error('快照的签名无效：快照被改动过，或不是本注册库签发的');
  const listed = Object.keys(doc.files ?? {}).sort();
  if (listed.join() !== [...TRUSTED_FILES].sort().join()) throw new Error('快照列出的文件与核验所需的不同');
  for (const path of TRUSTED_FILES) {
    if (!texts[path] || hex(await crypto.sha256(texts[path])) !== doc.files[path])
      throw new Error(`${path} 与签名快照中的摘要不符：文件被替换、删改或已过时`);
  }
  if (!Number.isSafeInteger(doc.version) || !Number.isSafeInteger(doc.checkpoint?.size))
    throw new Error('快照的版本号或日志大小不是整数');
  const rootHash = fromB64url(doc.checkpoint.root_hash, 32);
  const edge = (Array.isArray(doc.checkpoint.edge) ? doc.checkpoint.edge : []).map((h) => fromB64url(h, 32));
  if (edge.length !== frontier(doc.checkpoint.size).length || hex(fold(edge)) !== hex(rootHash))
    throw new Error('快照中日志的右缘哈希与根哈希不符');
  return {
    version: doc.version,
    issued,
    expires,
    size: doc.checkpoint.size,
    rootHash,
    edge,
    logKey,
    key: await verifier(logKey.origin, logKey.publicKeyBytes, crypto),
  };
}

export const isExpired = (state, now) => now.getTime() >= state.expires.getTime();

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
    throw new Error(
      `数据被回滚：本浏览器曾见过更新的快照（版本 ${seen.version}），现在收到的是更早的版本 ${state.version}。可能是缓存过旧或站点被篡改；请稍后刷新，或换一个网络再试`,
    );
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
      throw new Error(
        `公开登记的历史被改写：本浏览器曾见过含 ${seen.size} 条记录的登记日志，现在的日志不是它的延续（分叉或删改）。请勿依据本站数据作出判断，并向注册库报告`,
      );
    }
  }
  if (!seen || state.version >= seen.version) {
    storage.setItem(name, JSON.stringify({ version: state.version, size: state.size, root: b64url(state.rootHash) }));
  }
}
