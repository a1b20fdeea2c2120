#!/usr/bin/env python3
"""Independent pure-Python ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381, suite 0x03).

Written from RFC 8032 §5.1 and RFC 9381 §5 (slow, variable time: a test oracle only). It first
checks itself against the RFC 9381 Appendix B.3 vectors, then writes golden cases for random
seeds and alphas (derived from SHA-256 of a counter, so the file is reproducible) to
Tests/SynodCoreTests/Resources/ecvrf-tai-crosscheck.json, which the Swift tests read.

Usage: python3 crosscheck/ecvrf/ecvrf.py   (standard library only; no venv needed)
"""
import hashlib
import json
import os
import sys

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = (-121665 * pow(121666, P - 2, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
SUITE = b"\x03"


def inv(x):
    return pow(x, P - 2, P)


# Points in extended coordinates (X, Y, Z, T), a = -1 (RFC 8032 §5.1.4).
def add(p1, p2):
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = b - a, dd - c, dd + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


IDENTITY = (0, 1, 1, 0)


def mul(s, point):
    result = IDENTITY
    while s > 0:
        if s & 1:
            result = add(result, point)
        point = add(point, point)
        s >>= 1
    return result


def neg(point):
    x, y, z, t = point
    return (-x % P, y, z, -t % P)


def encode(point):
    x, y, z, _ = point
    zi = inv(z)
    x, y = x * zi % P, y * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def decode(data):
    """RFC 8032 §5.1.3, strict: None for y >= p, no square root, or x = 0 with sign 1."""
    if len(data) != 32:
        return None
    value = int.from_bytes(data, "little")
    sign = value >> 255
    y = value & ((1 << 255) - 1)
    if y >= P:
        return None
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    if (v * x * x - u) % P != 0:
        if (v * x * x + u) % P != 0:
            return None
        x = x * SQRT_M1 % P
    if x == 0 and sign == 1:
        return None
    if (x & 1) != sign:
        x = P - x
    return (x, y, 1, x * y % P)


B = decode(bytes([0x58]) + bytes([0x66]) * 31)


def sha512(*parts):
    return hashlib.sha512(b"".join(parts)).digest()


def expand(sk):
    h = bytearray(sha512(sk))
    h[0] &= 248
    h[31] &= 127
    h[31] |= 64
    return int.from_bytes(h[:32], "little"), bytes(h[32:])


def encode_to_curve(pk, alpha):
    for ctr in range(256):
        point = decode(sha512(SUITE, b"\x01", pk, alpha, bytes([ctr, 0]))[:32])
        if point is not None:
            return mul(8, point)
    raise ValueError("no point")


def challenge(*points):
    return int.from_bytes(sha512(SUITE, b"\x02", *[encode(q) for q in points], b"\x00")[:16], "little")


def prove(sk, alpha):
    x, prefix = expand(sk)
    y = mul(x, B)
    pk = encode(y)
    h = encode_to_curve(pk, alpha)
    gamma = mul(x, h)
    k = int.from_bytes(sha512(prefix, encode(h)), "little") % L
    c = challenge(y, h, gamma, mul(k, B), mul(k, h))
    s = (k + c * x) % L
    return pk, encode(gamma) + c.to_bytes(16, "little") + s.to_bytes(32, "little")


def proof_to_hash(pi):
    return sha512(SUITE, b"\x03", encode(mul(8, decode(pi[:32]))), b"\x00")


def verify(pk, pi, alpha):
    y = decode(pk)
    if y is None or encode(mul(8, y)) == encode(IDENTITY) or len(pi) != 80:
        return None
    gamma = decode(pi[:32])
    c = int.from_bytes(pi[32:48], "little")
    s = int.from_bytes(pi[48:], "little")
    if gamma is None or s >= L:
        return None
    h = encode_to_curve(pk, alpha)
    u = add(mul(s, B), neg(mul(c, y)))
    v = add(mul(s, h), neg(mul(c, gamma)))
    return proof_to_hash(pi) if challenge(y, h, gamma, u, v) == c else None


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    resources = os.path.join(root, "Tests", "SynodCoreTests", "Resources")
    with open(os.path.join(resources, "ecvrf-edwards25519-sha512-tai.json")) as f:
        vectors = json.load(f)["vectors"]
    for vector in vectors:
        pk, pi = prove(bytes.fromhex(vector["sk"]), bytes.fromhex(vector["alpha"]))
        assert pk.hex() == vector["pk"] and pi.hex() == vector["pi"], "RFC vector mismatch"
        assert verify(pk, pi, bytes.fromhex(vector["alpha"])).hex() == vector["beta"]
    print(f"RFC 9381 vectors: {len(vectors)} ok")

    cases = []
    for index in range(12):
        sk = hashlib.sha256(b"synod-ecvrf-crosscheck-sk-%d" % index).digest()
        alpha = hashlib.sha512(b"synod-ecvrf-crosscheck-alpha-%d" % index).digest()[: index * 7 % 41]
        pk, pi = prove(sk, alpha)
        beta = verify(pk, pi, alpha)
        assert beta is not None
        bad = bytearray(pi)
        bad[index * 6 % 80] ^= 1 << (index % 8)
        assert verify(pk, bytes(bad), alpha) is None
        cases.append({"sk": sk.hex(), "pk": pk.hex(), "alpha": alpha.hex(), "pi": pi.hex(), "beta": beta.hex()})
    out = {
        "suite": "ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381 suite 0x03), generated by crosscheck/ecvrf/ecvrf.py",
        "note": "independent pure-Python implementation; all values hex",
        "vectors": cases,
    }
    path = os.path.join(resources, "ecvrf-tai-crosscheck.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
