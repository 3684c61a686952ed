// RFC 6962 Merkle trees (SHA-256): a port of portal/registry/log/merkle.py. Hashing the public tree needs no secret and
// no WebCrypto round trip per node, so it uses @noble/hashes synchronously (a proof is a few hundred hashes).

import { sha256 } from '@noble/hashes/sha2.js';
import { concat } from './encoding.js';

export const leafHash = (entry) => sha256(concat(Uint8Array.of(0), entry));
export const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));

const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const split = (n) => 2 ** Math.floor(Math.log2(n - 1));
const isPowerOfTwo = (n) => n > 0 && Number.isInteger(Math.log2(n));

/** levels[h][i]: hashes of complete perfect subtrees of height h */
export function levelsOf(leaves) {
  const levels = [leaves];
  while (levels.at(-1).length > 1) {
    const below = levels.at(-1);
    const next = [];
    for (let i = 0; i + 1 < below.length; i += 2) next.push(nodeHash(below[i], below[i + 1]));
    levels.push(next);
  }
  return levels;
}

/** MTH(D[start:end]) from subtree(height, index) (an aligned range, as in RFC 6962's recursion). */
export async function rangeHash(subtree, start, end) {
  const n = end - start;
  if (isPowerOfTwo(n)) {
    const height = Math.log2(n);
    return subtree(height, start / n);
  }
  const k = split(n);
  return nodeHash(await rangeHash(subtree, start, start + k), await rangeHash(subtree, start + k, end));
}

/** [height, index] of the perfect subtrees that make a tree of `size` leaves, largest first (merkle.frontier). */
export function frontier(size) {
  const found = [];
  let start = 0;
  for (let height = Math.floor(Math.log2(size)) + 1; height >= 0; height--) {
    const n = 2 ** height;
    if (Math.floor(size / n) % 2 === 1) {
      found.push([height, start / n]);
      start += n;
    }
  }
  return found;
}

/** The root of a tree from the hashes of its frontier, largest first. */
export function fold(hashes) {
  if (!hashes.length) return sha256(new Uint8Array(0));
  return hashes.slice(0, -1).reduceRight((root, left) => nodeHash(left, root), hashes.at(-1));
}

/** PATH(index, D[0:size]), the leaf's sibling first. */
export async function inclusionProof(subtree, index, size) {
  if (!(index >= 0 && index < size)) throw new Error(`leaf ${index} is not in a tree of size ${size}`);
  const path = async (m, start, end) => {
    const n = end - start;
    if (n === 1) return [];
    const k = split(n);
    if (m < k) return [...(await path(m, start, start + k)), await rangeHash(subtree, start + k, end)];
    return [...(await path(m - k, start + k, end)), await rangeHash(subtree, start, start + k)];
  };
  return path(index, 0, size);
}

/** PROOF(size1, D[0:size2]). */
export async function consistencyProof(subtree, size1, size2) {
  if (!(size1 > 0 && size1 <= size2)) throw new Error(`no consistency proof from ${size1} to ${size2}`);
  const sub = async (m, start, end, complete) => {
    const n = end - start;
    if (m === n) return complete ? [] : [await rangeHash(subtree, start, end)];
    const k = split(n);
    if (m <= k) return [...(await sub(m, start, start + k, complete)), await rangeHash(subtree, start + k, end)];
    return [...(await sub(m - k, start + k, end, false)), await rangeHash(subtree, start, start + k)];
  };
  return sub(size1, 0, size2, true);
}

// Indices and sizes are below 2**53 (a log of 10**7 leaves is far from it), so plain numbers and Math.floor halve.
const half = (n) => Math.floor(n / 2);
const odd = (n) => n % 2 === 1;

/** RFC 9162 2.1.3.2 */
export function verifyInclusion(index, size, leaf, proof, root) {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return false;
  if (![leaf, root, ...proof].every((h) => h instanceof Uint8Array && h.length === 32)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 2.1.4.2; a tree of size 0 has nothing to be consistent with. */
export function verifyConsistency(size1, size2, root1, root2, proof) {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 > 0 && size1 <= size2)) return false;
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (![root1, root2, ...proof].every((h) => h instanceof Uint8Array && h.length === 32)) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  if (!path.length) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, root1) && equal(sr, root2);
}
