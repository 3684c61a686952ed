// Opening an organisation's key file in the page (keyfile.py): Argon2id, then XSalsa20-Poly1305 (libsodium's
// secretbox), with libsodium compiled to WebAssembly, the same primitives as PyNaCl. The seed stays in this page's
// memory only: never stored, never sent; `forget` overwrites it.

import sodium from 'libsodium-wrappers-sumo';
import { b64url, fromB64url, hex } from '../verifier/encoding.js';
import { KEY_FILE_FORMAT } from '../verifier/vocab.js';

const MAX_KEY_FILE = 16 * 1024;

export class KeyFileError extends Error {
  /** @param {'not-key-file'|'passphrase'|'mismatch'} code */
  constructor(code) {
    super(`key file: ${code}`);
    this.code = code;
  }
}

export const ready = () => sodium.ready;

/**
 * The organisation's key from its key file: {seed, publicKey, key, sign}. KeyFileError: not a key file, a wrong
 * passphrase or a changed file, or a sealed key that is not the file's public key.
 * @param {string} text the key file @param {string} passphrase
 */
export async function openKeyFile(text, passphrase) {
  await sodium.ready;
  let content;
  try {
    if (text.length > MAX_KEY_FILE) throw new Error('too large');
    content = JSON.parse(text);
    if (content?.format !== KEY_FILE_FORMAT || content.kdf !== 'argon2id') throw new Error('not ours');
    for (const field of ['opslimit', 'memlimit']) {
      if (!Number.isSafeInteger(content[field]) || content[field] < 1) throw new Error(field);
    }
    content.salt = fromB64url(content.salt, sodium.crypto_pwhash_SALTBYTES);
    content.box = fromB64url(content.box);
    if (content.box.length !== sodium.crypto_secretbox_NONCEBYTES + sodium.crypto_secretbox_MACBYTES + 32) {
      throw new Error('box');
    }
  } catch {
    throw new KeyFileError('not-key-file');
  }
  const boxKey = sodium.crypto_pwhash(
    sodium.crypto_secretbox_KEYBYTES,
    passphrase,
    content.salt,
    content.opslimit,
    content.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
  const nonce = content.box.subarray(0, sodium.crypto_secretbox_NONCEBYTES);
  let seed;
  try {
    seed = sodium.crypto_secretbox_open_easy(content.box.subarray(nonce.length), nonce, boxKey);
  } catch {
    throw new KeyFileError('passphrase');
  } finally {
    sodium.memzero(boxKey);
  }
  const pair = sodium.crypto_sign_seed_keypair(seed);
  sodium.memzero(seed);
  if (b64url(pair.publicKey) !== content.public_key) {
    sodium.memzero(pair.privateKey);
    throw new KeyFileError('mismatch');
  }
  const key = hex(sodium.crypto_hash_sha256(pair.publicKey).subarray(0, 8));
  return {
    key,
    publicKey: pair.publicKey,
    /** @param {Uint8Array} message */
    sign: (message) => sodium.crypto_sign_detached(message, pair.privateKey),
    forget: () => sodium.memzero(pair.privateKey),
  };
}

/** SHA-256, synchronous (libsodium): the VC's hashData. */
export const sha256 = (data) => sodium.crypto_hash_sha256(data);
