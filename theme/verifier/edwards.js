// Checks on Ed25519 public keys that verifiers disagree about: a port of portal/registry/keys/edwards.py, with its messages.

const P = 2n ** 255n - 19n;
const mod = (a) => ((a % P) + P) % P;
const pow = (base, exp) => {
  let result = 1n;
  base = mod(base);
  for (; exp > 0n; exp >>= 1n, base = (base * base) % P) if (exp & 1n) result = (result * base) % P;
  return result;
};
const inv = (a) => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

/** @param {Uint8Array} encoded @returns {[bigint, bigint]} @throws {Error} if not canonical or not on the curve */
export function decodePoint(encoded) {
  if (encoded.length !== 32) throw new Error(`a public key is 32 bytes, got ${encoded.length}`);
  let number = 0n;
  for (let i = 31; i >= 0; i--) number = (number << 8n) | BigInt(encoded[i]);
  const sign = number >> 255n;
  const y = number & ((1n << 255n) - 1n);
  if (y >= P) throw new Error('non-canonical encoding: y is not reduced modulo 2^255-19');
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (P - 5n) / 8n));
  if (mod(v * x * x - u) !== 0n) {
    if (mod(v * x * x + u) !== 0n) throw new Error('not a point on the curve');
    x = mod(x * SQRT_M1);
  }
  if (x === 0n && sign) throw new Error('non-canonical encoding: x is 0 but its sign bit is set');
  if ((x & 1n) !== sign) x = P - x;
  return [x, y];
}

function add([x1, y1], [x2, y2]) {
  const t = mod(D * x1 * x2 * y1 * y2);
  return [mod((x1 * y2 + x2 * y1) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))];
}

/** @param {[bigint, bigint]} point @returns {boolean} whether [8]point is the identity */
export function hasSmallOrder(point) {
  for (let i = 0; i < 3; i++) point = add(point, point);
  return point[0] === 0n && point[1] === 1n;
}

/** @param {Uint8Array} encoded @returns {string|null} why the key must not be trusted, or null */
export function publicKeyProblem(encoded) {
  let point;
  try {
    point = decodePoint(encoded);
  } catch (error) {
    return error.message;
  }
  return hasSmallOrder(point) ? 'small-order point (a signature under it would not bind the message)' : null;
}
