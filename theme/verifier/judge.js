// One credential judged as the verify page judges it: one of the four verdicts and what it means in plain words.
// The verify page and the single file show one judgement with all its steps (app.js); the batch page makes a table
// row of each (batch.js). The JavaScript twin of portal/registry/judgement.py.

import { logProofOf } from './credential.js';
import { fromPublished } from './trust.js';
import { holderOf, HolderError } from './holder.js';
import { findRecord, recordOf, standsFor } from './lookup.js';
import { FAILED, verifyCredential, verifyLookedUp } from './steps.js';
import { chinaDay, isExpired, openSnapshot } from './snapshot.js';
import { checkProof, included, missing, proven, provesInclusion, UNCHECKED } from './tlog.js';
import { verifier } from './note.js';
import { fromUtf8 } from './encoding.js';

// what a failed step means, for someone who is not a specialist
export const PLAIN = {
  well_formed: '凭证内容不完整或格式不符，不是本平台签发的凭证。',
  issuer: '签发证书的组织或密钥不在本平台的登记中。',
  endorsed: '签发密钥没有得到本平台注册中心的认可。',
  catalogue: '该组织无权颁发这一证书或等级。',
  validity: '颁发日期不在签发密钥的有效期内（密钥已过期或已被吊销）。',
  signature: '证书信息与签名不符：内容被改动过，或并非由颁发组织签发。',
  status: '颁发时该证书或组织已退出试点。',
};

/**
 * The trust snapshot and the signed state of a set of lists, checked root -> log key -> snapshot -> hashes.
 * @param {{snapshot: object, texts: Record<string, Uint8Array>}} lists @param {string} pinnedRoot @param {object} crypto
 */
export async function openLists({ snapshot: signed, texts }, pinnedRoot, crypto) {
  const json = (path) => JSON.parse(fromUtf8(texts[path]));
  const trust = await fromPublished(json('verify/trust.json'), json('verify/revocations.json'), pinnedRoot, crypto);
  performance.mark('1x-snapshot-start'); // what the signed snapshot adds: its signature, the lists' hashes, the edge
  const opened = await openSnapshot(signed, trust, texts, crypto);
  performance.measure('1x-snapshot', '1x-snapshot-start');
  return [trust, opened];
}

/**
 * Where credentials are judged. reader: () => the log's tile reader (null: no log data, as in the single file);
 * fetchJson: reads the lookup store (null: no lookup).
 */
export function createJudge({ snapshot, state, crypto, fetchJson = null, reader = null, clock = () => new Date() }) {
  /** The credential file's own proof of registration (log_proof.check), checked offline; null if none holds. */
  async function provenByFile(record, proofText) {
    for (const key of snapshot.logKeys.values()) {
      if (key.origin !== snapshot.logOrigin || key.problem) continue;
      try {
        const note = await verifier(key.origin, key.publicKeyBytes, crypto);
        const { index, checkpoint } = await checkProof(proofText, record, note, key.origin, crypto);
        return proven(index, checkpoint.size);
      } catch {
        // not this key's, or not a proof: the tiles decide (or registration stays unchecked offline)
      }
    }
    return null;
  }

  /** Is the record in the public log? The file's own proof, else proved from the tiles; offline, unchecked. */
  async function registrationOf(record, row = null, proofText = null) {
    const byFile = proofText ? await provenByFile(record, proofText) : null;
    if (byFile) return byFile;
    if (!reader) return UNCHECKED;
    try {
      const found = row ?? (await findRecord(record.lookup, fetchJson));
      const same = found && standsFor(found, record);
      if (same && (await provesInclusion(record, found.log, state, reader()))) return included(found.log, state.size);
      return missing(record.issued, chinaDay(state.issued));
    } catch {
      return UNCHECKED;
    }
  }

  const judged = (verdict, registration) => {
    const expired = isExpired(state, clock());
    return { verdict, registration, expired, kind: verdict.kind(expired, registration) };
  };

  return {
    registrationOf,
    /** A credential file's text, a W3C VC, or a QR code's payload. */
    async credential(text) {
      const verdict = await verifyCredential(text, snapshot, crypto);
      return judged(verdict, verdict.record ? await registrationOf(verdict.record, null, logProofOf(text)) : UNCHECKED);
    },
    /**
     * What is printed on a certificate. A judgement, or {problem: {code, field?}} when there is nothing to judge:
     * 'holder' (the input; field names which), 'lookup' (the store could not be read), 'not-found', 'name'.
     */
    async printed(number, name, code) {
      let holder;
      try {
        holder = await holderOf(number, name, code, crypto);
      } catch (error) {
        if (!(error instanceof HolderError)) throw error;
        return { problem: { code: 'holder', field: error.field } };
      }
      let row;
      try {
        row = await findRecord(holder.lookup, fetchJson);
      } catch {
        return { problem: { code: 'lookup' } };
      }
      if (!row) return { problem: { code: 'not-found' } };
      const record = recordOf(row, holder.commitment);
      if (!record) return { problem: { code: 'name' } };
      return judged(await verifyLookedUp(holder, record, snapshot, crypto), await registrationOf(record, row));
    },
  };
}

/** The certificate's full name, or null when the snapshot does not list it. */
export const certificateName = (snapshot, id) =>
  Object.hasOwn(snapshot.certificates, id) ? `${snapshot.certificates[id].name}职业技能等级证书` : null;

export const nameIn = (table, id) => (Object.hasOwn(table, id) ? table[id].name : id);

/**
 * What the verdict means: who and what (null when the credential could not be read or its claims are not to be
 * believed), and why, as sentences.
 * @param {{verdict: object, kind: string, registration: object, expired: boolean}} judgement
 * @param {object} snapshot @param {object} state @param {(date: Date) => string} when
 * @returns {{who: string|null, why: string[]}}
 */
export function sentencesOf({ verdict, kind, registration, expired }, snapshot, state, when) {
  const { holder, record, steps = [], proof } = verdict;
  const { display } = snapshot;
  const failed = steps.find((s) => s.state === FAILED);
  if (verdict.error) {
    const { code, detail } = verdict.error;
    const extra = code === 'holder' ? display.holderErrors[detail] : detail;
    return { who: null, why: [`无法核验：${display.errors[code] ?? code}${extra ? `：${extra}` : ''}`] };
  }
  const level = display.levels[record.level] ?? record.level;
  const who = `${holder.name}，${certificateName(snapshot, record.certificate) ?? record.certificate}（${level}），由${nameIn(snapshot.organisations, record.organisation)}于 ${record.issued} 颁发。`;
  const said = (...why) => ({ who, why });
  if (kind === 'valid') return said(`签名真实，截至 ${when(state.issued)} 未被撤销。${registration.evidence}。`);
  if (kind === 'unconfirmed' && expired) {
    return said(
      `签名真实，但本页的签名快照已于 ${when(state.expires)} 过期，之后的撤销无法确认。请联网后刷新本页再核验。`,
    );
  }
  if (kind === 'unconfirmed') return said(`签名真实，但${registration.evidence}。`);
  if (registration.state === 'late' && !failed && !(proof && !proof[0])) {
    return said(`签名真实，但${registration.evidence}。该证书可能未经颁发组织正式登记，请向颁发组织核实。`);
  }
  if (kind === 'revoked') return said(`签名真实，但颁发组织已撤销此证书：${failed.evidence}。该证书不再有效。`);
  if (proof && !proof[0]) {
    return { who: null, why: [`W3C 凭证的签名证明未通过：${proof[1]}。凭证被改动过，或并非由颁发组织签发。`] };
  }
  return {
    who: null,
    why: [PLAIN[failed.step] ?? display.steps[failed.step], `（${display.steps[failed.step]}：${failed.evidence}）`],
  };
}
