// RFC 8785 JSON Canonicalization Scheme. ECMAScript's own number and string serialisation is what RFC 8785
// specifies, so the work left is key order (UTF-16 code units, JavaScript's default sort) and refusing what
// JCS cannot represent (non-finite numbers, lone surrogates).

/**
 * @param {unknown} value parsed JSON
 * @returns {string} its canonical form
 * @throws {TypeError} for a value JSON cannot carry canonically
 */
export function canonicalize(value) {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS: number is not finite');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new TypeError('JCS: lone surrogate in string');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${canonicalize(key)}:${canonicalize(value[key])}`).join(',')}}`;
  }
  throw new TypeError(`JCS: cannot serialise a ${typeof value}`);
}
