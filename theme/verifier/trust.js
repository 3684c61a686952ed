// The trust snapshot a verifier checks against, rebuilt from the published verify/trust.json and
// verify/revocations.json and checked against the root this verifier pins. A port of Endorsement.problem,
// Snapshot.revocation_problem and from_published in portal/registry/keys/trust.py, with their messages.

import { msg, Said } from './i18n.js';
import { canonicalize } from './jcs.js';
import { fromB64url, hex, utf8 } from './encoding.js';
import { cachedKeyProblem } from './crypto.js';
import { isDate } from './dates.js';
import { workCalendar } from './workdays.js';

import {
  ENDORSEMENT_TYPE,
  KEY_REVOCATION_TYPE,
  LOG_KEY_REVOCATION_TYPE,
  LOG_KEY_TYPE,
  RECORD_REVOCATION_TYPE,
  REVOCATIONS_FORMAT,
  TRUST_FORMAT,
  WITNESS_POLICY_TYPE,
} from './vocab.js';

/** Does signature (base64url) sign the canonical JSON of value under publicKey? */
export async function verifySigned(publicKey, value, signature, crypto) {
  let bytes;
  try {
    bytes = fromB64url(signature, 64);
  } catch {
    return false;
  }
  return crypto.verify(publicKey, utf8.encode(canonicalize(value)), bytes);
}

/** @param {Uint8Array} publicKey @returns {Promise<string>} the key id: first 8 bytes of SHA-256, hex */
export async function keyIdOf(publicKey, crypto) {
  return hex((await crypto.sha256(publicKey)).subarray(0, 8));
}

/** Why an endorsed key (an organisation's or the log's) cannot be trusted: key_problem in trust.py. */
async function keyProblem(e, root, reasons, crypto, signed, revoked) {
  let raw;
  try {
    raw = fromB64url(e.public_key, 32);
  } catch (error) {
    return `public_key is not a 32-byte base64url key: ${error.message}`;
  }
  const id = await keyIdOf(raw, crypto);
  if (id !== e.key) return `key id ${e.key} is not derived from the public key (expected ${id})`;
  const weak = cachedKeyProblem(raw);
  if (weak) return `public key rejected: ${weak}`;
  for (const [name, value] of [
    ['valid_from', e.valid_from],
    ['valid_until', e.valid_until],
  ]) {
    if (!isDate(value)) return `${name} ${value} is not a calendar date YYYY-MM-DD`;
  }
  if (e.revocation && !isDate(e.revocation.from)) {
    return `revocation date ${e.revocation.from} is not a calendar date YYYY-MM-DD`;
  }
  if (!(e.valid_from <= e.valid_until)) return `valid_from ${e.valid_from} is after valid_until ${e.valid_until}`;
  if (!(await verifySigned(root.publicKey, signed, e.endorsement.signature, crypto))) {
    return `the endorsement signature does not verify under the registry root ${root.key}`;
  }
  if (e.revocation) {
    if (!Object.hasOwn(reasons.key, e.revocation.reason)) {
      return `revocation reason '${e.revocation.reason}' is not one of ${JSON.stringify(Object.keys(reasons.key).sort())}`;
    }
    if (!(await verifySigned(root.publicKey, revoked, e.revocation.signature, crypto))) {
      return `the key revocation signature does not verify under the registry root ${root.key}`;
    }
  }
  return null;
}

const endorsementProblem = (e, root, reasons, crypto) =>
  keyProblem(
    e,
    root,
    reasons,
    crypto,
    {
      type: ENDORSEMENT_TYPE,
      organisation: e.organisation,
      key: e.key,
      public_key: e.public_key,
      valid_from: e.valid_from,
      valid_until: e.valid_until,
      scope: e.scope,
    },
    e.revocation && {
      type: KEY_REVOCATION_TYPE,
      organisation: e.organisation,
      key: e.key,
      from: e.revocation.from,
      reason: e.revocation.reason,
    },
  );

/** LogKey.problem in trust.py */
const logKeyProblem = (e, root, reasons, crypto) =>
  keyProblem(
    e,
    root,
    reasons,
    crypto,
    {
      type: LOG_KEY_TYPE,
      origin: e.origin,
      key: e.key,
      public_key: e.public_key,
      valid_from: e.valid_from,
      valid_until: e.valid_until,
    },
    e.revocation && { type: LOG_KEY_REVOCATION_TYPE, key: e.key, from: e.revocation.from, reason: e.revocation.reason },
  );

/**
 * The published witness policy (witness_policy in trust.py), checked against the root: {quorum, witnesses:
 * [{name, publicKeyBytes, contact}]}. A demo root may have none (quorum 0); a public one may not. @throws {Said}
 */
async function witnessPolicy(data, root, origin, crypto) {
  if (data === null || data === undefined) {
    if (root.demo) return { quorum: 0, witnesses: [] };
    throw new Said(msg('lists.no_witnesses'));
  }
  const problem = await witnessPolicyProblem(data, root, origin, crypto);
  if (problem) throw new Said(msg('lists.witness_policy', { problem }));
  return {
    quorum: data.quorum,
    witnesses: data.witnesses.map((w) => ({ ...w, publicKeyBytes: fromB64url(w.public_key, 32) })),
  };
}

/** WitnessPolicy.problem in trust.py */
async function witnessPolicyProblem(data, root, origin, crypto) {
  const witnesses = Array.isArray(data?.witnesses) ? data.witnesses : [];
  const names = witnesses.map((w) => w?.name);
  if (data?.origin !== origin) return `the policy is for the log ${data?.origin}, not this site's ${origin}`;
  if (new Set(names).size !== names.length) return 'a witness is named twice';
  for (const w of witnesses) {
    let weak;
    try {
      weak = cachedKeyProblem(fromB64url(w.public_key, 32));
    } catch (error) {
      weak = `not a 32-byte base64url key: ${error.message}`;
    }
    if (weak) return `the public key of witness ${w.name}: ${weak}`;
  }
  if (!(Number.isInteger(data.quorum) && data.quorum >= 1 && data.quorum <= names.length))
    return `quorum ${data.quorum} is not a whole number from 1 to the ${names.length} witnesses listed`;
  const signed = {
    type: WITNESS_POLICY_TYPE,
    origin: data.origin,
    quorum: data.quorum,
    witnesses: witnesses.map((w) => ({ name: w.name, public_key: w.public_key, contact: w.contact, url: w.url })),
  };
  if (!(await verifySigned(root.publicKey, signed, data.endorsement?.signature, crypto)))
    return `the policy's signature does not verify under the registry root ${root.key}`;
  return null;
}

async function revocationProblem(r, snapshot, crypto) {
  if (!Object.hasOwn(snapshot.display.reasons.record, r.reason)) return `reason '${r.reason}' is not known`;
  if (!isDate(r.date)) return `date ${r.date} is not a calendar date YYYY-MM-DD`;
  let publicKey;
  if (r.signer === 'root') {
    if (snapshot.organisations[r.organisation]?.state !== 'withdrawn') {
      return 'the root signs revocations only for an organisation that has left the pilot';
    }
    publicKey = snapshot.root.publicKey;
  } else {
    const endorsement = snapshot.keys.get(r.signer);
    if (!endorsement || endorsement.organisation !== r.organisation)
      return `signer ${r.signer} is not a key of ${r.organisation}`;
    if (snapshot.keyProblems.get(r.signer))
      return `signer ${r.signer} is not trusted: ${snapshot.keyProblems.get(r.signer)}`;
    publicKey = endorsement.publicKeyBytes;
  }
  const signed = {
    type: RECORD_REVOCATION_TYPE,
    organisation: r.organisation,
    lookup: r.lookup,
    date: r.date,
    reason: r.reason,
    signer: r.signer,
  };
  return (await verifySigned(publicKey, signed, r.signature, crypto))
    ? null
    : 'the revocation signature does not verify';
}

/**
 * @typedef {object} Snapshot
 * @property {string} date
 * @property {{publicKey: Uint8Array, key: string, demo: boolean}} root
 * @property {Map<string, object>} keys endorsements by key id (publicKeyBytes added)
 * @property {Map<string, string|null>} keyProblems
 * @property {Record<string, object>} certificates
 * @property {Record<string, object>} organisations
 * @property {Map<string, object>} revocations verified record revocations by lookup id
 * @property {Map<string, object>} logKeys the log keys by key id (publicKeyBytes and problem added)
 * @property {string} logOrigin
 * @property {{quorum: number, witnesses: object[]}} witnesses the log's witnesses and how many must cosign
 * @property {object} calendar China's official working days (workdays.js workCalendar)
 * @property {object} display step titles, level names, reasons, error messages (verify.py DISPLAY)
 */

/**
 * @param {any} trust verify/trust.json @param {any} revocations verify/revocations.json
 * @param {string} pinnedRoot base64url public key this verifier trusts
 * @param {import('./crypto.js').Crypto} crypto
 * @returns {Promise<Snapshot>}
 * @throws {Error} with a Chinese message if the lists cannot be trusted (fail closed)
 */
export async function fromPublished(trust, revocations, pinnedRoot, crypto) {
  if (trust?.format !== TRUST_FORMAT || revocations?.format !== REVOCATIONS_FORMAT) throw new Said(msg('lists.format'));
  if (trust.root?.public_key !== pinnedRoot) throw new Said(msg('lists.root'));
  if (!isDate(trust.date)) throw new Said(msg('lists.date'));
  if (revocations.date !== trust.date) throw new Said(msg('lists.dates'));
  const calendar = workCalendar(trust.calendar);
  if (!calendar) throw new Said(msg('lists.calendar'));
  const rootKey = fromB64url(pinnedRoot, 32);
  const root = { publicKey: rootKey, key: await keyIdOf(rootKey, crypto), demo: Boolean(trust.root.demo) };
  const display = {
    steps: trust.steps,
    states: trust.states,
    levels: trust.levels,
    reasons: trust.reasons,
    errors: trust.errors,
    holderErrors: trust.holder_errors,
  };
  const snapshot = {
    date: trust.date,
    root,
    keys: new Map(),
    keyProblems: new Map(),
    certificates: trust.certificates,
    organisations: trust.organisations,
    revocations: new Map(),
    logKeys: new Map(),
    logOrigin: '',
    calendar,
    display,
  };
  const withKey = (data) => {
    try {
      return { ...data, publicKeyBytes: fromB64url(data.public_key, 32) };
    } catch {
      return { ...data, publicKeyBytes: null }; // keyProblem names it
    }
  };
  for (const data of trust.keys) {
    snapshot.keys.set(data.key, withKey(data));
    snapshot.keyProblems.set(data.key, await endorsementProblem(data, root, display.reasons, crypto));
  }
  snapshot.logOrigin = trust.log?.origin;
  snapshot.witnesses = await witnessPolicy(trust.log?.witnesses, root, snapshot.logOrigin, crypto);
  for (const data of trust.log?.keys ?? []) {
    snapshot.logKeys.set(data.key, {
      ...withKey(data),
      problem: await logKeyProblem(data, root, display.reasons, crypto),
    });
  }
  for (const entry of revocations.revocations) {
    const problem = await revocationProblem(entry, snapshot, crypto);
    if (problem) throw new Said(msg('lists.revocation', { lookup: entry.lookup, problem }));
    snapshot.revocations.set(entry.lookup, entry);
  }
  return snapshot;
}
