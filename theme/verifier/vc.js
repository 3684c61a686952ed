// The W3C VC export's own Data Integrity proof (eddsa-jcs-2022): a port of verify_proof/check_proof in
// portal/registry/credentials/vc.py, with its messages.

import { msg, t } from './i18n.js';
import { canonicalize } from './jcs.js';
import { concat, fromMultibase, utf8 } from './encoding.js';

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
 * @returns {Promise<[boolean, Uint8Array|null, object|null]>} verified, the proof's public key, why not (a message)
 */
export async function verifyProof(document, crypto) {
  const proof = isObject(document) ? document.proof : undefined;
  if (!isObject(proof)) return [false, null, msg('ev.proof.none')];
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE) {
    return [false, null, msg('ev.proof.type', { suite: CRYPTOSUITE })];
  }
  if (proof.proofPurpose !== 'assertionMethod') return [false, null, msg('ev.proof.purpose')];
  let publicKey, signature;
  try {
    [publicKey, signature] = keyOfMethod(proof.verificationMethod, proof.proofValue);
  } catch {
    return [false, null, msg('ev.proof.unreadable')];
  }
  const context = Object.hasOwn(proof, '@context') ? proof['@context'] : null;
  const unsecured = without(document, 'proof');
  if (context !== null) {
    const listed = Array.isArray(context) ? context : [context];
    const documentContext = Object.hasOwn(document, '@context') ? document['@context'] : null;
    const have = Array.isArray(documentContext) ? documentContext : [documentContext];
    if (!same(have.slice(0, listed.length), listed)) return [false, publicKey, msg('ev.proof.context')];
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
    return [false, publicKey, msg('ev.proof.jcs')];
  }
  if (!(await crypto.verify(publicKey, data, signature))) return [false, publicKey, msg('ev.proof.signature')];
  return [true, publicKey, null];
}

/**
 * @param {object} document the VC
 * @param {Uint8Array|null} endorsedKey the public key of the organisation key the record names, if endorsed
 * @returns {Promise<[boolean, string, object]>} verified, why in portal/registry/credentials/vc.py's words, why as a message
 */
export async function checkProof(document, endorsedKey, crypto) {
  const [ok, publicKey, why] = await verifyProof(document, crypto);
  const said = (passed, message) => [passed, t(message, undefined, 'zh'), message];
  if (!ok) return said(false, why);
  if (!endorsedKey || !same(Array.from(publicKey), Array.from(endorsedKey)))
    return said(false, msg('ev.proof.other_key'));
  return said(true, msg('ev.proof.ok'));
}
