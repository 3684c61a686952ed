"""RFC 6962 Merkle trees (SHA-256): leaf and node hashes, inclusion and consistency proofs, made and verified.

Written from RFC 6962 section 2.1 and RFC 9162 sections 2.1.3-2.1.4 (the verification algorithms). Proofs are made
from `subtree(height, index)`: the hash of the perfect subtree of 2**height leaves that starts at leaf
index * 2**height. A build answers it from the hashes it computed; a verifier from the log's tiles (tlog.py), whose
hashes it need not trust: a proof made from wrong hashes does not verify against a signed root.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from portal.errors import VerificationError

Subtree = Callable[[int, int], bytes]


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()


def levels_of(leaves: Sequence[bytes]) -> list[list[bytes]]:
    """levels[h][i]: the hash of every complete perfect subtree of height h (levels[0] are the leaf hashes)."""
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
    return levels


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def range_hash(subtree: Subtree, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range whose start is aligned as in RFC 6962's recursion."""
    n = end - start
    if n & (n - 1) == 0:  # a power of two, aligned: one perfect subtree
        height = n.bit_length() - 1
        return subtree(height, start >> height)
    k = _split(n)
    return node_hash(range_hash(subtree, start, start + k), range_hash(subtree, start + k, end))


def root(subtree: Subtree, size: int) -> bytes:
    return EMPTY_ROOT if size == 0 else range_hash(subtree, 0, size)


def frontier(size: int) -> list[tuple[int, int]]:
    """(height, index) of the perfect subtrees that make a tree of `size` leaves, largest (leftmost) first.

    The root of the tree is their hashes folded from the right (fold); every range RFC 6962's recursion splits off to
    the right of a leaf's path, and every left sibling above that path, is one of them. A verifier that holds their
    hashes (signed in verify/snapshot.json) reads tiles only along the leaf's own perfect subtree.
    """
    found, start = [], 0
    for height in range(size.bit_length() - 1, -1, -1):
        if size >> height & 1:
            found.append((height, start >> height))
            start += 1 << height
    return found


def fold(hashes: Sequence[bytes]) -> bytes:
    """The root of a tree from the hashes of its frontier, largest first."""
    if not hashes:
        return EMPTY_ROOT
    root = hashes[-1]
    for left in reversed(hashes[:-1]):
        root = node_hash(left, root)
    return root


def inclusion_proof(subtree: Subtree, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 6962 2.1.1, leaf's sibling first."""
    if not 0 <= index < size:
        raise VerificationError(f"leaf {index} is not in a tree of size {size}")

    def path(m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = _split(n)
        if m < k:
            return path(m, start, start + k) + [range_hash(subtree, start + k, end)]
        return path(m - k, start + k, end) + [range_hash(subtree, start, start + k)]

    return path(index, 0, size)


def consistency_proof(subtree: Subtree, size1: int, size2: int) -> list[bytes]:
    """PROOF(size1, D[0:size2]) of RFC 6962 2.1.2."""
    if not 0 < size1 <= size2:
        raise VerificationError(f"no consistency proof from size {size1} to size {size2}")

    def subproof(m: int, start: int, end: int, complete: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if complete else [range_hash(subtree, start, end)]
        k = _split(n)
        if m <= k:
            return subproof(m, start, start + k, complete) + [range_hash(subtree, start + k, end)]
        return subproof(m - k, start + k, end, False) + [range_hash(subtree, start, start + k)]

    return subproof(size1, 0, size2, True)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes) -> bool:
    """RFC 9162 2.1.3.2."""
    if not 0 <= index < size or any(len(h) != 32 for h in (leaf, root_hash, *proof)):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 2.1.4.2; a tree of size 0 has nothing to be consistent with."""
    if not 0 < size1 <= size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if any(len(h) != 32 for h in (root1, root2, *proof)):
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    if not path:
        return False
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2
