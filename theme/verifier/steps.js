// Verify one record against a trust snapshot: the ordered steps of portal/registry/validity/steps.py, each with its evidence, in
// the same words. verifyRecord is the pure function: a signed record, a snapshot, a crypto backend; no I/O.

import { CredentialError, read } from './credential.js';
import { fromB64url } from './encoding.js';
import { verifySigned } from './trust.js';
import { checkProof } from './vc.js';
import { isDate } from './dates.js';
import { RECORD_TYPE } from './vocab.js';
import { has, msg, t } from './i18n.js';

export const PASSED = 'passed';
export const FAILED = 'failed';
export const NOT_APPLICABLE = 'not_applicable';
export const STEP_IDS = [
  'well_formed',
  'issuer',
  'endorsed',
  'catalogue',
  'validity',
  'signature',
  'not_revoked',
  'status',
];

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const b64Length = (length) => (value) => {
  try {
    return Boolean(fromB64url(value, length));
  } catch {
    return false;
  }
};
// column -> its check: FORM in portal/registry/credentials/records.py (what each expects is the message ev.form.<column>)
const FORM = {
  lookup: (v) => /^[0-9a-f]{32}$/.test(v),
  commitment: b64Length(32),
  certificate: (v) => ID.test(v),
  level: null,
  issued: isDate,
  key: (v) => /^[0-9a-f]{16}$/.test(v),
  signature: b64Length(64),
};

/** @returns {object|null} the first malformed column, as Record.check_form words it */
function formError(record, levels) {
  for (const [column, check] of Object.entries(FORM)) {
    const value = record[column];
    const ok = typeof value === 'string' && (check ? check(value) : Object.hasOwn(levels, value));
    const shown = [...String(value)].slice(0, 40).join('');
    if (!ok) return msg('ev.form', { column, value: shown, expected: msg(`ev.form.${column}`) });
  }
  return null;
}

/** A level's name as a message (or the id itself when the catalogue has no such level). */
const levelOf = (levels, level) => (Object.hasOwn(levels, level) ? msg(`level.${level}`) : level);
/** A revocation reason as a message (or as published when the catalogue has no such reason). */
const reasonOf = (reasons, kind, reason) => {
  if (!Object.hasOwn(reasons, reason)) return reason;
  return kind === 'key' ? msg(`reason.key.${reason}`) : msg(`reason.record.${reason}`);
};

/** What the organisation signs: every field but the signature, with the record type. */
export const signedPart = (r) => ({
  type: RECORD_TYPE,
  organisation: r.organisation,
  lookup: r.lookup,
  commitment: r.commitment,
  certificate: r.certificate,
  level: r.level,
  issued: r.issued,
  key: r.key,
});

/**
 * Every step for one record.
 * @param {import('./credential.js').Rec} record
 * @param {import('./trust.js').Snapshot} snapshot
 * @param {import('./crypto.js').Crypto} crypto
 * @returns {Promise<Array<{step: string, state: string, evidence: string, cause?: string}>>}
 */
export async function verifyRecord(record, snapshot, crypto) {
  const { levels, reasons } = snapshot.display;
  const steps = [];
  // evidence: in portal/registry/validity/steps.py's words; says: the same as a message, to show in any language
  const add = (step, state, says, cause = '') =>
    steps.push({ step, state, evidence: t(says, undefined, 'zh'), says, cause });
  const skipRest = (reason) => {
    for (const step of STEP_IDS) if (!steps.some((s) => s.step === step)) add(step, NOT_APPLICABLE, reason);
    return steps;
  };

  const form = formError(record, levels);
  if (form) {
    add('well_formed', FAILED, form);
    return skipRest(msg('ev.unreadable_rest'));
  }
  add('well_formed', PASSED, msg('ev.lookup', { lookup: record.lookup }));

  const organisation = Object.hasOwn(snapshot.organisations, record.organisation)
    ? snapshot.organisations[record.organisation]
    : null;
  const endorsement = snapshot.keys.get(record.key);
  if (!organisation) {
    add('issuer', FAILED, msg('ev.no_organisation', { organisation: record.organisation }));
    return skipRest(msg('ev.unknown_issuer'));
  }
  if (!endorsement || endorsement.organisation !== record.organisation) {
    add('issuer', FAILED, msg('ev.no_key', { organisation: organisation.name, key: record.key }));
    return skipRest(msg('ev.unknown_key'));
  }
  add('issuer', PASSED, msg('ev.issuer', { organisation: organisation.name, key: record.key }));

  const keyProblem = snapshot.keyProblems.get(record.key);
  if (keyProblem) add('endorsed', FAILED, msg('ev.bad_endorsement', { key: record.key, problem: keyProblem }));
  else {
    const demo = snapshot.root.demo ? msg('ev.demo_root') : '';
    add('endorsed', PASSED, msg('ev.endorsed', { root: snapshot.root.key, demo, until: endorsement.valid_until }));
  }

  const certificate = Object.hasOwn(snapshot.certificates, record.certificate)
    ? snapshot.certificates[record.certificate]
    : null;
  if (!certificate) {
    add('catalogue', FAILED, msg('ev.no_certificate', { certificate: record.certificate }));
  } else if (!(certificate.levels || []).includes(record.level)) {
    const listed = (certificate.levels || []).map((x) => levelOf(levels, x));
    const known = listed.length ? listed : msg('ev.levels_unknown');
    const level = levelOf(levels, record.level);
    add('catalogue', FAILED, msg('ev.no_level', { certificate: certificate.name, level, known }));
  } else if (certificate.organisation !== record.organisation) {
    add('catalogue', FAILED, msg('ev.not_theirs', { certificate: certificate.name, organisation: organisation.name }));
  } else if (!endorsement.scope.includes(record.certificate)) {
    const scope = [...endorsement.scope];
    add('catalogue', FAILED, msg('ev.out_of_scope', { key: record.key, certificate: certificate.name, scope }));
  } else {
    add(
      'catalogue',
      PASSED,
      msg('ev.in_scope', { certificate: certificate.name, level: levelOf(levels, record.level) }),
    );
  }

  const revokedKey = endorsement.revocation;
  const { valid_from: from, valid_until: until } = endorsement;
  if (!(from <= record.issued && record.issued <= until)) {
    add('validity', FAILED, msg('ev.outside_validity', { issued: record.issued, from, until }));
  } else if (record.issued > snapshot.date) {
    add('validity', FAILED, msg('ev.after_snapshot', { issued: record.issued, date: snapshot.date }));
  } else if (revokedKey && record.issued >= revokedKey.from) {
    const reason = reasonOf(reasons.key, 'key', revokedKey.reason);
    add(
      'validity',
      FAILED,
      msg('ev.key_revoked', { from: revokedKey.from, reason, issued: record.issued }),
      'key_revoked',
    );
  } else {
    const revoked = revokedKey ? msg('ev.revoked_from', { from: revokedKey.from }) : '';
    add('validity', PASSED, msg('ev.in_validity', { issued: record.issued, from, until, revoked }));
  }

  if (
    endorsement.publicKeyBytes &&
    (await verifySigned(endorsement.publicKeyBytes, signedPart(record), record.signature, crypto))
  ) {
    add('signature', PASSED, msg('ev.signed', { key: record.key }));
  } else {
    add('signature', FAILED, msg('ev.bad_signature'));
  }

  const revocation = snapshot.revocations.get(record.lookup);
  if (revocation && revocation.date <= snapshot.date) {
    const reason = reasonOf(reasons.record, 'record', revocation.reason);
    add('not_revoked', FAILED, msg('ev.revoked', { date: revocation.date, reason }));
  } else {
    add('not_revoked', PASSED, msg('ev.not_revoked', { date: snapshot.date }));
  }

  add(...status(record, certificate, organisation));
  return steps;
}

function status(record, certificate, organisation) {
  if (!certificate) return ['status', NOT_APPLICABLE, msg('ev.not_in_catalogue')];
  if (organisation.state === 'withdrawn') {
    const left = organisation.as_of || msg('ev.date_unknown');
    const values = { organisation: organisation.name, left };
    if (organisation.as_of && record.issued < organisation.as_of) {
      return ['status', PASSED, msg('ev.organisation_left_before', values)];
    }
    return ['status', FAILED, msg('ev.organisation_left', values)];
  }
  if (certificate.state === 'withdrawn') {
    const left = certificate.as_of || msg('ev.date_unknown');
    const values = { certificate: certificate.name, left };
    if (certificate.as_of && record.issued < certificate.as_of) {
      return ['status', PASSED, msg('ev.certificate_left_before', values)];
    }
    return ['status', FAILED, msg('ev.certificate_left', values)];
  }
  const named = msg(`certificate_state.${certificate.state}`);
  const state = has(named.key) ? named : certificate.state_name; // a state this verifier does not know: as published
  return ['status', PASSED, msg('ev.current', { certificate: certificate.name, state })];
}

/** @param {Array<{state: string, step: string}>} steps */
export const stepsValid = (steps) =>
  steps.every((s) => s.state !== FAILED) && steps.some((s) => s.step === 'signature' && s.state === PASSED);

/**
 * The answer for one credential input (verify_credential in portal/registry/validity/steps.py). Never throws on hostile input.
 * @param {string} text @param {import('./trust.js').Snapshot} snapshot @param {import('./crypto.js').Crypto} crypto
 */
export async function verifyCredential(text, snapshot, crypto) {
  let holder, record, document;
  try {
    ({ holder, record, document } = await read(text, crypto));
  } catch (error) {
    if (error instanceof CredentialError) return verdict({ error });
    return verdict({ error: new CredentialError('not-ours', String(error?.message ?? error)) });
  }
  let proof = null;
  if (document) {
    const endorsed = snapshot.keys.get(record.key);
    proof = await checkProof(document, endorsed ? endorsed.publicKeyBytes : null, crypto);
  }
  return verdict({ holder, record, proof, steps: await verifyRecord(record, snapshot, crypto) });
}

/** A record found by lookup (number, name, code already matched): only the steps. */
export async function verifyLookedUp(holder, record, snapshot, crypto) {
  return verdict({ holder, record, steps: await verifyRecord(record, snapshot, crypto) });
}

/**
 * One of VERDICTS (Verdict.kind in portal/registry/validity/steps.py): revoked when the only fault is the organisation's
 * revocation of a genuine record; invalid too when a genuine record is missing from the log past the registration
 * period; unconfirmed when all passed but the signed snapshot has expired or the record is within that period.
 */
function kindOf(error, proof, steps, expired, registration) {
  if (error || (proof && !proof[0])) return 'invalid';
  const failure = steps.find((s) => s.state === FAILED);
  if (failure) return failure.step === 'not_revoked' ? 'revoked' : 'invalid';
  if (registration?.state === 'late') return 'invalid';
  if (expired || ['pending', 'unavailable'].includes(registration?.state)) return 'unconfirmed';
  return 'valid';
}

function verdict({ error = null, holder = null, record = null, proof = null, steps = [] }) {
  const valid = !error && (!proof || proof[0]) && stepsValid(steps);
  return {
    error,
    holder,
    record,
    proof,
    steps,
    valid,
    /** @param {boolean} [expired] the signed snapshot has expired @param {{state: string}} [registration] */
    kind: (expired = false, registration = null) => kindOf(error, proof, steps, expired, registration),
    /** the comparable form of the shared vectors (Verdict.to_data in portal/registry/validity/steps.py) */
    toData: () => ({
      valid,
      verdict: kindOf(error, proof, steps, false, null),
      error: error ? error.code : null,
      proof: proof ? [proof[0] ? PASSED : FAILED, proof[1]] : null,
      steps: steps.map((s) => [s.step, s.state, s.evidence]),
    }),
  };
}
