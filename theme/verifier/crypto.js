// SHA-256 and Ed25519 for the verifier, through WebCrypto where the browser has it, otherwise pure JS from npm
// (@noble/ed25519 in strict RFC 8032 mode, not ZIP-215, and @noble/hashes): plain-http mirrors have no
// crypto.subtle, and older browsers have no WebCrypto Ed25519.
//
// Both paths run behind the same checks first (the policy of libsodium, which the Python verifier uses): sizes,
// S < L, a canonical public key of large order, an R that is not a small-order point. So the two give the same answer on
// every vector, including the Wycheproof and ed25519-speccheck edge cases where libraries differ.

import * as ed from '@noble/ed25519';
import { sha256 as nobleSha256, sha512 } from '@noble/hashes/sha2.js';
import { publicKeyProblem } from './edwards.js';
import { concat } from './encoding.js';

ed.hashes.sha512 = sha512;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/**
 * @typedef {object} Crypto
 * @property {string} name 'webcrypto' or 'noble'
 * @property {(data: Uint8Array) => Promise<Uint8Array>} sha256
 * @property {(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => Promise<boolean>} verify
 *   strict Ed25519; false (never an exception) for any bad key, signature or message
 */

const keyProblems = new Map();

/** @param {Uint8Array} publicKey @returns {string|null} cached publicKeyProblem */
export function cachedKeyProblem(publicKey) {
  const id = publicKey.join(',');
  if (!keyProblems.has(id)) keyProblems.set(id, publicKeyProblem(publicKey));
  return keyProblems.get(id);
}

// The encodings of the small-order points, compared with the sign bit cleared: libsodium's list
// (ed25519_ref10.c has_small_order), so R is checked with a byte comparison, not curve arithmetic.
const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000', // 0 (order 4)
  '0100000000000000000000000000000000000000000000000000000000000000', // 1 (order 1)
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p - 1 (order 2)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p = 0, non-canonical (order 4)
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p + 1 = 1, non-canonical (order 1)
].map((text) => Uint8Array.from(text.match(/../g), (h) => parseInt(h, 16)));

const hasSmallOrderEncoding = (encoded) =>
  SMALL_ORDER.some((point) => point.every((byte, i) => byte === (i === 31 ? encoded[31] & 0x7f : encoded[i])));

function acceptable(publicKey, signature) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]);
  return s < L && !cachedKeyProblem(publicKey) && !hasSmallOrderEncoding(signature.subarray(0, 32));
}

/** @param {(pk: Uint8Array, m: Uint8Array, s: Uint8Array) => Promise<boolean>} backend */
function guarded(backend) {
  return async (publicKey, message, signature) => {
    if (!acceptable(publicKey, signature)) return false;
    try {
      return await backend(publicKey, message, signature);
    } catch {
      return false;
    }
  };
}

const leNumber = (bytes) => bytes.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);

/**
 * libsodium's (and BoringSSL's) cofactorless equation [S]B - [k]A == R, compared as encodings. noble's strict
 * mode checks the cofactored one, which also accepts a few mixed-order signatures (ed25519-speccheck case 4)
 * that libsodium and WebCrypto refuse; requiring both gives one answer everywhere.
 */
function cofactorlessHolds(publicKey, message, signature) {
  const A = ed.Point.fromBytes(publicKey, false);
  const k = leNumber(sha512(concat(signature.subarray(0, 32), publicKey, message))) % L;
  const S = leNumber(signature.subarray(32));
  const R = ed.Point.BASE.multiplyUnsafe(S).subtract(A.multiplyUnsafe(k)).toBytes();
  return R.every((byte, i) => byte === signature[i]);
}

/** @type {Crypto} */
export const pureJs = {
  name: 'noble',
  sha256: async (data) => nobleSha256(data),
  verify: guarded(
    async (publicKey, message, signature) =>
      ed.verify(signature, message, publicKey, { zip215: false }) && cofactorlessHolds(publicKey, message, signature),
  ),
};

/**
 * WebCrypto, if this context has SHA-256 and Ed25519 there; otherwise null.
 * @param {SubtleCrypto|undefined} subtle
 * @returns {Promise<Crypto|null>}
 */
export async function webCrypto(subtle = globalThis.crypto?.subtle) {
  if (!subtle) return null;
  try {
    const probe = new Uint8Array(32);
    probe[0] = 1; // a valid point (y = 1 is the identity: fine for a probe of the API, never used to verify)
    await subtle.importKey('raw', probe, { name: 'Ed25519' }, false, ['verify']);
    await subtle.digest('SHA-256', probe);
  } catch {
    return null;
  }
  return {
    name: 'webcrypto',
    sha256: async (data) => new Uint8Array(await subtle.digest('SHA-256', data)),
    verify: guarded(async (publicKey, message, signature) => {
      const key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
      return subtle.verify({ name: 'Ed25519' }, key, signature, message);
    }),
  };
}

/** @param {'webcrypto'|'noble'} [prefer] @returns {Promise<Crypto>} WebCrypto when usable, else pure JS */
export async function bestCrypto(prefer) {
  if (prefer === 'noble') return pureJs;
  return (await webCrypto()) ?? pureJs;
}
