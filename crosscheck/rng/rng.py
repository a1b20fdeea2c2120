#!/usr/bin/env python3
"""Independent reference implementation of Synod's SeededRandom (crosscheck for the Swift tests).

Written from the algorithm descriptions (SplitMix64: Steele, Lea & Flood 2014; xoshiro256**:
Blackman & Vigna 2021; Lemire 2019 bounded integers; Marsaglia polar method; fdlibm's log
method), not from the Swift code. Python's float arithmetic is IEEE-754 binary64 with
round-to-nearest, so the Gaussian samples are reproduced bit for bit.

Usage: python3 crosscheck/rng/rng.py   (standard library only; prints the known answers that
Tests/SynodCoreTests/SeededRandomTests.swift embeds).
"""
import struct

MASK = (1 << 64) - 1


def splitmix64(state):
    """Returns (new_state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def double(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def fdlibm_log(x):
    """log(x) for finite x > 0 by the fdlibm e_log.c reduction, written with + - * / only."""
    ln2_hi = double(0x3FE62E42FEE00000)
    ln2_lo = double(0x3DEA39EF35793C76)
    lg = [double(b) for b in (0x3FE5555555555593, 0x3FD999999997FA04, 0x3FD2492494229359,
                              0x3FCC71C51D8E78AF, 0x3FC7466496CB03DE, 0x3FC39A09D078C69F,
                              0x3FC2F112DF3E5244)]
    sqrt2 = double(0x3FF6A09E667F3BCD)
    b = bits(x)
    exp_field = (b >> 52) & 0x7FF
    frac = b & ((1 << 52) - 1)
    if exp_field == 0:  # subnormal: normalize
        shift = 52 - frac.bit_length() + 1
        k = -1022 - shift
        m = double((1023 << 52) | ((frac << shift) & ((1 << 52) - 1)))
    else:
        k = exp_field - 1023
        m = double((1023 << 52) | frac)
    if m > sqrt2:
        m = m * 0.5
        k += 1
    k = float(k)
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    r = z * (lg[0] + z * (lg[1] + z * (lg[2] + z * (lg[3] + z * (lg[4] + z * (lg[5] + z * lg[6]))))))
    hfsq = 0.5 * f * f
    return k * ln2_hi - ((hfsq - (s * (hfsq + r) + k * ln2_lo)) - f)


class Rng:
    def __init__(self, seed):
        self.seed = seed & MASK
        st = self.seed
        self.s = []
        for _ in range(4):
            st, out = splitmix64(st)
            self.s.append(out)
        self.spare = None

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def split(self, label, index=0):
        h = 0xCBF29CE484222325
        for byte in label.encode("utf-8"):
            h ^= byte
            h = (h * 0x100000001B3) & MASK
        st = self.seed ^ h
        st, a = splitmix64(st)
        st ^= (index * 0xD6E8FEB86659FD93) & MASK
        st, b = splitmix64(st)
        return Rng(a ^ ((b * 0x9E3779B97F4A7C15) & MASK))

    def uniform(self):
        return float(self.next() >> 11) * 2.0 ** -53

    def uniform_int_below(self, bound):
        # Lemire: high word of x*bound, reject low words below 2^64 mod bound.
        threshold = (1 << 64) % bound
        while True:
            p = self.next() * bound
            if (p & MASK) >= threshold:
                return p >> 64

    def gaussian(self):
        if self.spare is not None:
            g, self.spare = self.spare, None
            return g
        while True:
            u = 2.0 * self.uniform() - 1.0
            v = 2.0 * self.uniform() - 1.0
            s = u * u + v * v
            if 0.0 < s < 1.0:
                factor = (-2.0 * fdlibm_log(s) / s) ** 0.5  # IEEE sqrt (correctly rounded)
                self.spare = v * factor
                return u * factor

    def shuffle(self, items):
        items = list(items)
        for i in range(len(items) - 1, 0, -1):
            j = self.uniform_int_below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def fill(self, count):
        out = []
        while len(out) < count:
            w = self.next()
            for _ in range(8):
                if len(out) < count:
                    out.append(w & 0xFF)
                    w >>= 8
        return out


def hexlist(values):
    return ", ".join("0x%016X" % v for v in values)


def main():
    st = 0
    sm = []
    for _ in range(4):
        st, out = splitmix64(st)
        sm.append(out)
    print("splitMix64(seed 0), first 4:", hexlist(sm))
    st = 0x0123456789ABCDEF
    sm = []
    for _ in range(4):
        st, out = splitmix64(st)
        sm.append(out)
    print("splitMix64(seed 0x0123456789ABCDEF), first 4:", hexlist(sm))
    for seed in (0, 1, 42, 0xFFFFFFFFFFFFFFFF):
        r = Rng(seed)
        print("xoshiro256** seed %d, first 6:" % seed, hexlist([r.next() for _ in range(6)]))
    r = Rng(42)
    for _ in range(1000):
        r.next()
    print("xoshiro256** seed 42, outputs 1001..1003:", hexlist([r.next() for _ in range(3)]))
    parent = Rng(7)
    for label, index in (("node", 0), ("node", 1), ("network", 0), ("", 0), ("données", 5)):
        c = parent.split(label, index)
        print("Rng(7).split(%r, %d): seed 0x%016X, first 2: %s" % (label, index, c.seed,
                                                                  hexlist([c.next() for _ in range(2)])))
    r = Rng(2024)
    print("Rng(2024) uniform() x4 bits:", hexlist([bits(r.uniform()) for _ in range(4)]))
    r = Rng(2024)
    print("Rng(2024) uniformInt(below:) for bounds 1,2,3,10,1000,2^63+1,2^64-1:",
          [r.uniform_int_below(b) for b in (1, 2, 3, 10, 1000, (1 << 63) + 1, (1 << 64) - 1)])
    r = Rng(99)
    print("Rng(99) gaussian() x6 bits:", hexlist([bits(r.gaussian()) for _ in range(6)]))
    r = Rng(5)
    print("Rng(5) shuffle(0..<10):", r.shuffle(range(10)))
    r = Rng(5)
    print("Rng(5) fill 11 bytes:", r.fill(11))
    for x in (0.5, 1e-300, 5e-324, 0.7071067811865476, 1.4142135623730951, 3.0, 1e300):
        print("fdlibm_log(%r) bits: 0x%016X" % (x, bits(fdlibm_log(x))))


if __name__ == "__main__":
    main()
