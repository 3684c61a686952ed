// Byte encodings the verifier reads: strict base64url (one spelling per byte string, as portal/registry/keys/signing.py),
// hex, UTF-8 and multibase base58btc (portal/registry/keys/multibase.py).

export const utf8 = new TextEncoder();

/** U+001F, the compact credential's field separator (holder.py FORBIDDEN), made at run time: a bundle inlined in a
 * page must not hold the raw control character, which HTML forbids (the minifier writes a constant out raw). */
export const UNIT_SEPARATOR = new TextDecoder().decode(Uint8Array.of(0x1f)); // esbuild folds fromCharCode
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** @param {Uint8Array} bytes @returns {string} base64url without padding */
export function b64url(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += B64[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * Strict inverse of b64url: only the URL-safe alphabet, no padding, the canonical spelling.
 * @param {string} text @param {number} [length] required byte length
 * @returns {Uint8Array} @throws {Error} if text is not that
 */
export function fromB64url(text, length) {
  if (typeof text !== 'string' || text.length % 4 === 1) throw new Error('not base64url');
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0,
    value = 0,
    at = 0;
  for (const char of text) {
    const digit = B64.indexOf(char);
    if (digit < 0) throw new Error('not base64url');
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 255;
    }
    value &= (1 << bits) - 1;
  }
  if (value !== 0) throw new Error('not the canonical base64url spelling of its bytes');
  if (length !== undefined && bytes.length !== length) throw new Error(`expected ${length} bytes, got ${bytes.length}`);
  return bytes;
}

/** @param {Uint8Array} bytes @returns {string} lower-case hex */
export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** @param {Uint8Array} bytes @returns {string} @throws {TypeError} if not UTF-8 */
export function fromUtf8(bytes) {
  return strictUtf8.decode(bytes);
}

/** @param {...Uint8Array} parts @returns {Uint8Array} */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Multibase base58btc ('z…') to bytes. @param {string} text @returns {Uint8Array} */
export function fromMultibase(text) {
  if (!text.startsWith('z')) throw new Error("only multibase base58btc ('z…') is supported");
  const body = text.slice(1);
  let number = 0n;
  for (const char of body) {
    const digit = B58.indexOf(char);
    if (digit < 0) throw new Error('not base58btc');
    number = number * 58n + BigInt(digit);
  }
  const digits = [];
  while (number > 0n) {
    digits.unshift(Number(number & 255n));
    number >>= 8n;
  }
  const zeros = body.length - body.replace(/^1+/, '').length;
  return Uint8Array.from([...new Array(zeros).fill(0), ...digits]);
}

/** Bytes to multibase base58btc ('z…'): the inverse of fromMultibase. @param {Uint8Array} bytes */
export function toMultibase(bytes) {
  let number = bytes.reduce((n, byte) => n * 256n + BigInt(byte), 0n);
  let out = '';
  while (number > 0n) {
    out = B58[Number(number % 58n)] + out;
    number /= 58n;
  }
  const first = bytes.findIndex((byte) => byte !== 0);
  return `z${'1'.repeat(first < 0 ? bytes.length : first)}${out}`;
}

/** Standard padded base64 (RFC 4648 section 4), as C2SP notes and tlog proofs use. @throws {Error} */
export function fromB64(text, length) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    throw new Error('not base64');
  return fromB64url(text.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_'), length);
}

/** @param {Uint8Array} bytes @returns {string} standard padded base64 */
export function b64(bytes) {
  const text = b64url(bytes).replaceAll('-', '+').replaceAll('_', '/');
  return text + '='.repeat((4 - (text.length % 4)) % 4);
}
