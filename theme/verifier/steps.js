// Verify one record against a trust snapshot: the ordered steps of portal/registry/verify.py, each with its evidence, in
// the same words. verifyRecord is the pure function: a signed record, a snapshot, a crypto backend; no I/O.

import { CredentialError, read } from './credential.js';
import { fromB64url } from './encoding.js';
import { verifySigned } from './trust.js';
import { checkProof } from './vc.js';
import { isDate } from './dates.js';
import { RECORD_TYPE } from './vocab.js';

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
// column -> [check, what is expected]: FORM in portal/registry/records.py
const FORM = {
  lookup: [(v) => /^[0-9a-f]{32}$/.test(v), '32 位小写十六进制数字'],
  commitment: [b64Length(32), '32 字节的 base64url（无填充）'],
  certificate: [(v) => ID.test(v), '证书标识，如 web-frontend'],
  level: [null, 'primary、intermediate、advanced 之一'],
  issued: [isDate, '日期 YYYY-MM-DD（真实存在的日期）'],
  key: [(v) => /^[0-9a-f]{16}$/.test(v), '16 位小写十六进制数字（密钥编号）'],
  signature: [b64Length(64), '64 字节的 base64url（无填充）'],
};

/** @returns {string|null} the first malformed column, as Record.check_form words it */
function formError(record, levels) {
  for (const [column, [check, expected]] of Object.entries(FORM)) {
    const value = record[column];
    const ok = typeof value === 'string' && (check ? check(value) : Object.hasOwn(levels, value));
    if (!ok) return `字段 ${column} 的值“${[...String(value)].slice(0, 40).join('')}”不符合格式：应为${expected}`;
  }
  return null;
}

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
  const add = (step, state, evidence, cause = '') => steps.push({ step, state, evidence, cause });
  const skipRest = (reason) => {
    for (const step of STEP_IDS) if (!steps.some((s) => s.step === step)) add(step, NOT_APPLICABLE, reason);
    return steps;
  };

  const form = formError(record, levels);
  if (form) {
    add('well_formed', FAILED, form);
    return skipRest('记录无法读取，其余检查无从进行');
  }
  add('well_formed', PASSED, `查询号 ${record.lookup}`);

  const organisation = Object.hasOwn(snapshot.organisations, record.organisation)
    ? snapshot.organisations[record.organisation]
    : null;
  const endorsement = snapshot.keys.get(record.key);
  if (!organisation) {
    add('issuer', FAILED, `目录中没有组织 ${record.organisation}`);
    return skipRest('签发组织未知');
  }
  if (!endorsement || endorsement.organisation !== record.organisation) {
    add('issuer', FAILED, `${organisation.name} 没有登记编号为 ${record.key} 的密钥`);
    return skipRest('签名密钥未知');
  }
  add('issuer', PASSED, `${organisation.name}，密钥 ${record.key}`);

  const keyProblem = snapshot.keyProblems.get(record.key);
  if (keyProblem) add('endorsed', FAILED, `密钥 ${record.key} 的背书无效：${keyProblem}`);
  else
    add(
      'endorsed',
      PASSED,
      `根密钥 ${snapshot.root.key}${snapshot.root.demo ? '（演示根密钥）' : ''} 于背书中授权至 ${endorsement.valid_until}`,
    );

  const certificate = Object.hasOwn(snapshot.certificates, record.certificate)
    ? snapshot.certificates[record.certificate]
    : null;
  if (!certificate) {
    add('catalogue', FAILED, `目录中没有证书 ${record.certificate}`);
  } else if (!(certificate.levels || []).includes(record.level)) {
    const known = (certificate.levels || []).map((x) => levels[x]).join('、') || '等级未知（标准未导入）';
    add('catalogue', FAILED, `${certificate.name} 没有“${levels[record.level]}”等级（目录中：${known}）`);
  } else if (certificate.organisation !== record.organisation) {
    add('catalogue', FAILED, `${certificate.name} 不由 ${organisation.name} 颁发`);
  } else if (!endorsement.scope.includes(record.certificate)) {
    add(
      'catalogue',
      FAILED,
      `密钥 ${record.key} 无权为 ${certificate.name} 签名（授权范围：${endorsement.scope.join('、')}）`,
    );
  } else {
    add('catalogue', PASSED, `${certificate.name} ${levels[record.level]}，在密钥授权范围内`);
  }

  const revokedKey = endorsement.revocation;
  const { valid_from: from, valid_until: until } = endorsement;
  if (!(from <= record.issued && record.issued <= until)) {
    add('validity', FAILED, `颁发日期 ${record.issued} 不在密钥有效期 ${from} 至 ${until} 内`);
  } else if (record.issued > snapshot.date) {
    add('validity', FAILED, `颁发日期 ${record.issued} 晚于信任快照日期 ${snapshot.date}`);
  } else if (revokedKey && record.issued >= revokedKey.from) {
    const reason = reasons.key[revokedKey.reason] ?? revokedKey.reason;
    add(
      'validity',
      FAILED,
      `密钥自 ${revokedKey.from} 起已吊销（${reason}），颁发日期 ${record.issued} 在其后`,
      'key_revoked',
    );
  } else {
    add(
      'validity',
      PASSED,
      `颁发于 ${record.issued}，密钥有效期 ${from} 至 ${until}${revokedKey ? `，${revokedKey.from} 起吊销` : ''}`,
    );
  }

  if (
    endorsement.publicKeyBytes &&
    (await verifySigned(endorsement.publicKeyBytes, signedPart(record), record.signature, crypto))
  ) {
    add('signature', PASSED, `Ed25519 签名与密钥 ${record.key} 相符`);
  } else {
    add('signature', FAILED, '签名与记录内容不符：记录在签名后被改动，或并非由该密钥签发');
  }

  const revocation = snapshot.revocations.get(record.lookup);
  if (revocation && revocation.date <= snapshot.date) {
    add(
      'not_revoked',
      FAILED,
      `已于 ${revocation.date} 撤销：${reasons.record[revocation.reason] ?? revocation.reason}`,
    );
  } else {
    add('not_revoked', PASSED, `截至信任快照日期 ${snapshot.date} 未被撤销`);
  }

  add(...status(record, certificate, organisation));
  return steps;
}

function status(record, certificate, organisation) {
  if (!certificate) return ['status', NOT_APPLICABLE, '证书不在目录中'];
  if (organisation.state === 'withdrawn') {
    const left = organisation.as_of || '日期未知';
    if (organisation.as_of && record.issued < organisation.as_of) {
      return ['status', PASSED, `${organisation.name} 于 ${left} 退出试点；本证书颁发于退出之前`];
    }
    return ['status', FAILED, `${organisation.name} 已退出试点（${left}），此后不得颁发证书`];
  }
  if (certificate.state === 'withdrawn') {
    const left = certificate.as_of || '日期未知';
    if (certificate.as_of && record.issued < certificate.as_of) {
      return ['status', PASSED, `${certificate.name} 于 ${left} 退出目录；本证书颁发于退出之前`];
    }
    return ['status', FAILED, `${certificate.name} 已退出目录（${left}），此后不得颁发`];
  }
  return ['status', PASSED, `${certificate.name}：目录状态“${certificate.state_name}”；组织为试点组织`];
}

/** @param {Array<{state: string, step: string}>} steps */
export const stepsValid = (steps) =>
  steps.every((s) => s.state !== FAILED) && steps.some((s) => s.step === 'signature' && s.state === PASSED);

/**
 * The answer for one credential input (verify_credential in portal/registry/verify.py). Never throws on hostile input.
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
 * One of VERDICTS (Verdict.kind in portal/registry/verify.py): revoked when the only fault is the organisation's
 * revocation of a genuine record; invalid too when a genuine record is missing from the log past the registration
 * period; unconfirmed when all passed but the signed snapshot has expired or the record is within that period.
 */
function kindOf(error, proof, steps, expired, registration) {
  if (error || (proof && !proof[0])) return 'invalid';
  const failure = steps.find((s) => s.state === FAILED);
  if (failure) return failure.step === 'not_revoked' ? 'revoked' : 'invalid';
  if (registration?.state === 'late') return 'invalid';
  if (expired || registration?.state === 'pending') return 'unconfirmed';
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
    /** the comparable form of the shared vectors (Verdict.to_data in portal/registry/verify.py) */
    toData: () => ({
      valid,
      verdict: kindOf(error, proof, steps, false, null),
      error: error ? error.code : null,
      proof: proof ? [proof[0] ? PASSED : FAILED, proof[1]] : null,
      steps: steps.map((s) => [s.step, s.state, s.evidence]),
    }),
  };
}
