// The W3C VC export's own Data Integrity proof (eddsa-jcs-2022): a port of verify_proof/check_proof in
// portal/registry/vc.py, with its messages.

import { canonicalize } from './jcs.js';
import { concat, fromMultibase, utf8 } from './encoding.js';

export const PROOF_TITLE = 'W3C 凭证证明（eddsa-jcs-2022）';
const CRYPTOSUITE = 'eddsa-jcs-2022';
const MAX_PROOF_TEXT = 400;
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const without = (object, name) => Object.fromEntries(Object.entries(object).filter(([key]) => key !== name));
const same = (a, b) => {
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return false;
  }
};

function keyOfMethod(method, value) {
  if (typeof method !== 'string' || typeof value !== 'string' || method.length + value.length > MAX_PROOF_TEXT) {
    throw new Error('not text of a sensible length');
  }
  const at = method.indexOf('#');
  if (at < 0 || method.slice(0, at) !== `did:key:${method.slice(at + 1)}`) throw new Error('fragment is not the key');
  const data = fromMultibase(method.slice(at + 1));
  if (data.length !== 34 || data[0] !== 0xed || data[1] !== 0x01) throw new Error('not an Ed25519 Multikey');
  return [data.subarray(2), fromMultibase(value)];
}

/**
 * @param {unknown} document
 * @param {import('./crypto.js').Crypto} crypto
 * @returns {Promise<[boolean, Uint8Array|null, string]>} verified, the proof's public key, why not
 */
export async function verifyProof(document, crypto) {
  const proof = isObject(document) ? document.proof : undefined;
  if (!isObject(proof)) return [false, null, '没有 proof'];
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE) {
    return [false, null, `proof 不是 DataIntegrityProof / ${CRYPTOSUITE}`];
  }
  if (proof.proofPurpose !== 'assertionMethod') return [false, null, 'proofPurpose 不是 assertionMethod'];
  let publicKey, signature;
  try {
    [publicKey, signature] = keyOfMethod(proof.verificationMethod, proof.proofValue);
  } catch {
    return [false, null, 'verificationMethod 或 proofValue 无法解析'];
  }
  const context = Object.hasOwn(proof, '@context') ? proof['@context'] : null;
  const unsecured = without(document, 'proof');
  if (context !== null) {
    const listed = Array.isArray(context) ? context : [context];
    const documentContext = Object.hasOwn(document, '@context') ? document['@context'] : null;
    const have = Array.isArray(documentContext) ? documentContext : [documentContext];
    if (!same(have.slice(0, listed.length), listed)) return [false, publicKey, 'proof 的 @context 与凭证不符'];
    unsecured['@context'] = context;
  }
  let data;
  try {
    const config = without(proof, 'proofValue');
    data = concat(
      await crypto.sha256(utf8.encode(canonicalize(config))),
      await crypto.sha256(utf8.encode(canonicalize(unsecured))),
    );
  } catch {
    return [false, publicKey, '无法规范化（JCS）'];
  }
  if (!(await crypto.verify(publicKey, data, signature))) return [false, publicKey, 'eddsa-jcs-2022 签名无效'];
  return [true, publicKey, ''];
}

/**
 * @param {object} document the VC
 * @param {Uint8Array|null} endorsedKey the public key of the organisation key the record names, if endorsed
 * @returns {Promise<[boolean, string]>}
 */
export async function checkProof(document, endorsedKey, crypto) {
  const [ok, publicKey, why] = await verifyProof(document, crypto);
  if (!ok) return [false, why];
  if (!endorsedKey || !same(Array.from(publicKey), Array.from(endorsedKey)))
    return [false, '证明密钥不是该组织登记的密钥'];
  return [true, '与登记密钥相符'];
}
