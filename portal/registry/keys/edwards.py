"""Checks on Ed25519 public keys that verifiers disagree about (RFC 8032 §5.1.3, ed25519-speccheck).

A registry key must be the canonical encoding of a point on the curve whose order is not small: with a small-order
key, one signature can verify for many messages under some libraries and fail under others. The arithmetic is plain
Python; it runs once per key at build time.
"""

from __future__ import annotations

from portal.errors import VerificationError

P = 2**255 - 19
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1)


def decode_point(encoded: bytes) -> tuple[int, int]:
    """The affine point of a 32-byte encoding; ValueError if it is not canonical or not on the curve."""
    if len(encoded) != 32:
        raise VerificationError(f"a public key is 32 bytes, got {len(encoded)}")
    number = int.from_bytes(encoded, "little")
    sign = number >> 255
    y = number & ((1 << 255) - 1)
    if y >= P:
        raise VerificationError("non-canonical encoding: y is not reduced modulo 2^255-19")
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    if (v * x * x - u) % P != 0:
        if (v * x * x + u) % P != 0:
            raise VerificationError("not a point on the curve")
        x = x * SQRT_M1 % P
    if x == 0 and sign:
        raise VerificationError("non-canonical encoding: x is 0 but its sign bit is set")
    if x & 1 != sign:
        x = P - x
    return x, y


def _add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    (x1, y1), (x2, y2) = a, b
    t = D * x1 * x2 * y1 * y2 % P
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, P - 2, P) % P
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, P - 2, P) % P
    return x3, y3


def has_small_order(point: tuple[int, int]) -> bool:
    """True if [8]point is the identity (the point's order divides the cofactor 8)."""
    for _ in range(3):
        point = _add(point, point)
    return point == IDENTITY


def public_key_problem(encoded: bytes) -> str | None:
    """Why this public key must not be trusted, or None if it is a canonical point of large order."""
    try:
        point = decode_point(encoded)
    except ValueError as exc:
        return str(exc)
    if has_small_order(point):
        return "small-order point (a signature under it would not bind the message)"
    return None
