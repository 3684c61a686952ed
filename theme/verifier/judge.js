// One credential judged as the verify page judges it: one of the four verdicts and what it means in plain words.
// The verify page and the single file show one judgement with all its steps (app.js); the batch page makes a table
// row of each (batch.js). The JavaScript twin of portal/registry/check/verdicts.py.

import { logProofOf } from './credential.js';
import { fromPublished } from './trust.js';
import { holderOf, HolderError } from './holder.js';
import { findRecord, openIndex, recordOf, standsFor } from './lookup.js';
import { FAILED, verifyCredential, verifyLookedUp } from './steps.js';
import { chinaDay, cosignersOf, inForce, isExpired, isWitnessed, openSnapshot } from './snapshot.js';
import { cosigned } from './cosignature.js';
import { CLOCK_SKEW_MINUTES } from './vocab.js';
import { checkProof, included, missing, proven, provesInclusion, unavailable, unwitnessed, UNCHECKED } from './tlog.js';
import { verifier } from './note.js';
import { fromUtf8, hex } from './encoding.js';
import { consistencyProof, verifyConsistency } from './merkle.js';
import { msg, Said, saidBy } from './i18n.js';

/**
 * The trust snapshot and the signed state of a set of lists, checked root -> log key -> snapshot -> hashes.
 * @param {{snapshot: object, texts: Record<string, Uint8Array>}} lists
 * @param {{root?: string, origin?: string}} pinned the registry root and the log's origin this verifier pins: the
 *   verifier element's data-root and data-origin (a log key the root endorsed for another origin, such as a staging
 *   log, is refused)
 * @param {object} crypto @param {Date} now the time of checking
 */
export async function openLists({ snapshot: signed, texts }, pinned, crypto, now) {
  const json = (path) => JSON.parse(fromUtf8(texts[path]));
  const trust = await fromPublished(json('verify/trust.json'), json('verify/revocations.json'), pinned.root, crypto);
  if (trust.logOrigin !== pinned.origin) {
    throw new Said(msg('lists.origin_pinned', { origin: trust.logOrigin, pinned: pinned.origin }));
  }
  performance.mark('1x-snapshot-start'); // what the signed snapshot adds: its signature, the lists' hashes, the edge
  const opened = await openSnapshot(signed, trust, texts, crypto, now);
  opened.store = openIndex(texts['verify/records/index.json']); // signed: it signs every shard in turn
  performance.measure('1x-snapshot', '1x-snapshot-start');
  return [trust, opened];
}

/**
 * Where credentials are judged. reader: () => the log's tile reader (null: no log data, as in the single file);
 * fetchBytes: reads a file of verify/, for the lookup store (null: no lookup).
 */
export function createJudge({ snapshot, state, crypto, fetchBytes = null, reader = null, clock = () => new Date() }) {
  const find = (lookup) => findRecord(lookup, state.store, fetchBytes, crypto);

  /**
   * The credential file's own proof of registration (log_proof.check): {registration} when it agrees with the signed
   * state, else {note} saying why it is not used (the site's data then decides). Offline, a checkpoint the witness
   * policy's quorum cosigned agrees by their word: they cosign only checkpoints consistent with all they have seen.
   */
  async function provenByFile(record, proofText) {
    const today = chinaDay(clock());
    const reasons = [];
    for (const key of snapshot.logKeys.values()) {
      if (key.origin !== snapshot.logOrigin || key.problem || !inForce(key, today)) continue;
      let found;
      try {
        const note = await verifier(key.origin, key.publicKeyBytes, crypto);
        found = await checkProof(proofText, record, note, key.origin, crypto);
      } catch (error) {
        reasons.push(saidBy(error));
        continue;
      }
      // online the tiles decide (stolen witness keys cannot vouch for a tree the site's log contradicts); offline, the
      // quorum's cosignatures stand for the consistency the tiles would prove
      const vouched = !reader && (await witnessedProof(proofText));
      const disagreement = vouched ? null : await disagrees(found.checkpoint);
      return disagreement ? { note: disagreement } : { registration: proven(found.index, found.checkpoint.size) };
    }
    return { note: msg('ev.proof_unused', { reason: reasons.length ? reasons : msg('ev.proof_no_key') }) };
  }

  /** Did the policy's quorum of witnesses cosign the proof's checkpoint (at any time not in the future)? */
  async function witnessedProof(proofText) {
    const { quorum } = snapshot.witnesses;
    if (!quorum) return false;
    try {
      const times = await cosigned(
        proofText.slice(proofText.indexOf('\n\n') + 2),
        cosignersOf(snapshot.witnesses),
        crypto,
      );
      const high = clock().getTime() / 1000 + CLOCK_SKEW_MINUTES * 60;
      return [...times.values()].filter((time) => time <= high).length >= quorum;
    } catch {
      return false;
    }
  }

  /** Why the proof's checkpoint is neither the state's nor an earlier one of the same log (log_proof.agree), or null. */
  async function disagrees({ size, root }) {
    const current = state.size;
    if (size === current && hex(root) === hex(state.rootHash)) return null;
    if (size > current) return msg('ev.proof_newer', { size, current });
    if (!reader) return msg('ev.proof_offline', { size, current });
    try {
      const proof = size ? await consistencyProof(reader().subtree, size, current) : [];
      if (verifyConsistency(size, current, root, state.rootHash, proof)) return null;
    } catch {
      // a tile missing or damaged: the proof is not proved consistent, and the site's data decides
    }
    return msg('ev.proof_inconsistent', { size });
  }

  /** Is the record in the public log? The file's own proof, else proved from the tiles; offline, unchecked. */
  async function registrationOf(record, row = null, proofText = null, notes = []) {
    // the whole view is in doubt without the witnesses' word: no proof or tile can settle it
    if (!isWitnessed(state)) return unwitnessed(state);
    const byFile = proofText ? await provenByFile(record, proofText) : null;
    if (byFile?.registration) return byFile.registration;
    if (byFile) notes.push(byFile.note);
    // offline, a proof the file carries that does not count is a doubt the tiles cannot lift: never valid
    if (!reader) return byFile ? unavailable(byFile.note) : UNCHECKED;
    try {
      const found = row ?? (await find(record.lookup));
      if (!(found && standsFor(found, record)))
        return missing(record.issued, chinaDay(state.issued), snapshot.calendar);
      // the row is signed (findRecord): a record it places in the log that the tiles do not prove means the tiles
      // are damaged, never that the record is unregistered
      if (await provesInclusion(record, found.log, state, reader())) return included(found.log, state.size);
      throw new Said(msg('lists.log_damaged'));
    } catch (error) {
      // Offline by the browser's own word (an attacker on the network cannot set it): unchecked, as with no log
      // data. Otherwise the data was there to be read, and a 404, a 500, a dropped connection or garbage fails
      // closed: never valid.
      if (globalThis.navigator?.onLine === false) return UNCHECKED;
      return unavailable(error?.message ?? error);
    }
  }

  const judged = (verdict, registration, notes = []) => {
    const expired = isExpired(state, clock());
    return { verdict, registration, expired, notes, kind: verdict.kind(expired, registration) };
  };

  return {
    registrationOf,
    /** A credential file's text, a W3C VC, or a QR code's payload. */
    async credential(text) {
      const verdict = await verifyCredential(text, snapshot, crypto);
      const notes = []; // what was noticed on the way: the file's proof, not used, and why
      const registration = verdict.record
        ? await registrationOf(verdict.record, null, logProofOf(text), notes)
        : UNCHECKED;
      return judged(verdict, registration, notes);
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
        row = await find(holder.lookup);
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

/** The certificate's full name (a message), or null when the snapshot does not list it. */
export const certificateName = (snapshot, id) =>
  Object.hasOwn(snapshot.certificates, id) ? msg('say.certificate', { name: snapshot.certificates[id].name }) : null;

export const nameIn = (table, id) => (Object.hasOwn(table, id) ? table[id].name : id);

/** A level's name (a message), or its id when the catalogue has no such level. */
export const levelName = (snapshot, level) =>
  Object.hasOwn(snapshot.display.levels, level) ? msg(`level.${level}`) : level;

// the steps whose failure has a plain sentence for someone who is not a specialist (plain.<step>)
const PLAIN = new Set(['well_formed', 'issuer', 'endorsed', 'catalogue', 'validity', 'signature', 'status']);

/**
 * What the verdict means, as messages: who and what (null when the credential could not be read or its claims are
 * not to be believed), and why.
 * @param {{verdict: object, kind: string, registration: object, expired: boolean}} judgement
 * @param {object} snapshot @param {object} state (its dates stay dates: put into words when shown)
 * @returns {{who: object|null, why: object[]}}
 */
export function sentencesOf({ verdict, kind, registration, expired }, snapshot, state) {
  const { holder, record, steps = [], proof } = verdict;
  const failed = steps.find((s) => s.state === FAILED);
  if (verdict.error) {
    const { code, detail } = verdict.error;
    const error = Object.hasOwn(snapshot.display.errors, code) ? msg(`error.${code}`) : code;
    const known = code === 'holder' && Object.hasOwn(snapshot.display.holderErrors, detail);
    const extra = known ? msg(`holder_error.${detail}`) : detail;
    return {
      who: null,
      why: [extra ? msg('say.cannot_detail', { error, detail: extra }) : msg('say.cannot', { error })],
    };
  }
  const who = msg('say.who', {
    holder: holder.name,
    certificate: certificateName(snapshot, record.certificate) ?? record.certificate,
    level: levelName(snapshot, record.level),
    organisation: nameIn(snapshot.organisations, record.organisation),
    issued: record.issued,
  });
  const said = (...why) => ({ who, why });
  const registered = registration.says;
  if (kind === 'valid') return said(msg('say.valid', { issued: state.issued, registration: registered }));
  if (kind === 'unconfirmed' && expired) return said(msg('say.expired', { expires: state.expires }));
  if (kind === 'unconfirmed') return said(msg('say.unconfirmed', { registration: registered }));
  if (registration.state === 'late' && !failed && !(proof && !proof[0])) {
    return said(msg('say.late', { registration: registered }));
  }
  if (kind === 'revoked') return said(msg('say.revoked', { evidence: failed.says }));
  if (proof && !proof[0]) return { who: null, why: [msg('say.proof_failed', { evidence: proof[2] })] };
  const step = msg(`step.${failed.step}`);
  return {
    who: null,
    why: [
      PLAIN.has(failed.step) ? msg(`plain.${failed.step}`) : step,
      msg('say.failed_step', { step, evidence: failed.says }),
    ],
  };
}
