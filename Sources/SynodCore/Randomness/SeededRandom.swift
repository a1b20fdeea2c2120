/// Synod's only source of randomness in simulations and experiments: a seeded, splittable
/// pseudo-random generator that gives the same stream on every machine.
///
/// Algorithm (all arithmetic on `UInt64`, wrapping):
/// - **Seeding**: the 256-bit state `(s0, s1, s2, s3)` is the first four outputs of **SplitMix64**
///   (Steele, Lea & Flood, OOPSLA 2014) started at `seed`, as the xoshiro authors recommend:
///   `state += 0x9E3779B97F4A7C15; z = state; z = (z ^ z>>30)·0xBF58476D1CE4E5B9;
///   z = (z ^ z>>27)·0x94D049BB133111EB; output z ^ z>>31`.
/// - **Stream**: **xoshiro256\*\*** (Blackman & Vigna, "Scrambled linear pseudorandom number
///   generators", ACM TOMS 2021): output `rotl(s1·5, 7)·9`, then `t = s1<<17; s2 ^= s0; s3 ^= s1;
///   s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)`.
/// - **Splitting**: ``split(_:_:)`` derives a child seed from the parent's *seed* (not its
///   position), a label and an index: `h = FNV-1a-64(label UTF-8)`, `st = seed ^ h`,
///   `a = SplitMix64(st)`, `st ^= index·0xD6E8FEB86659FD93`, `b = SplitMix64(st)` (continuing from
///   the advanced state), child seed `a ^ b·0x9E3779B97F4A7C15`. Adding draws to one component
///   therefore never shifts another's stream.
///
/// Distributions: ``uniform()`` is `(next() >> 11)·2⁻⁵³` (53 random bits, exact in [0, 1));
/// ``uniformInt(below:)`` is unbiased (Lemire, "Fast random integer generation in an interval",
/// ACM TOMS 2019, multiply-and-reject); ``bernoulli(_:)`` is `uniform() < p`; ``gaussian()`` is the
/// Marsaglia polar method (u, v uniform in (−1, 1), `s = u² + v²` redrawn unless 0 < s < 1,
/// outputs `u·√(−2 ln s / s)` then, on the next call, `v·√(−2 ln s / s)`), using `sqrt` (exact
/// under IEEE-754) and ``PortableMath/log(_:)`` (no libm), so it is bit-identical everywhere.
/// ``shuffle(_:)`` is Fisher–Yates from the last index down.
///
/// Use these methods, not the standard library's `Int.random(in:using:)`, `shuffled(using:)` or
/// `randomElement(using:)`, whenever results must be reproducible: the standard library does not
/// promise that its sampling algorithms stay the same across Swift versions.
///
/// `crosscheck/rng/rng.py` is an independent Python implementation of all of the above that
/// produced the known answers in the tests.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The seed this generator was created from.
    public let seed: UInt64
    private var spareGaussian: Double?

    /// Creates a generator from a 64-bit seed (every seed, including 0, is valid).
    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        s0 = SeededRandom.splitMix64(&sm)
        s1 = SeededRandom.splitMix64(&sm)
        s2 = SeededRandom.splitMix64(&sm)
        s3 = SeededRandom.splitMix64(&sm)
        spareGaussian = nil
    }

    /// SplitMix64 step: advances `state` by the golden gamma and returns the next output.
    @inline(__always)
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits (xoshiro256**).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// An independent generator for a named sub-stream, derived from this generator's seed, `label`
    /// and `index` only (not its position), e.g. `rng.split("node", 3)`.
    public func split(_ label: String, _ index: UInt64 = 0) -> SeededRandom {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the label, then the index.
        for byte in label.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        var state = seed ^ h
        let a = SeededRandom.splitMix64(&state)
        state ^= index &* 0xD6E8_FEB8_6659_FD93
        let b = SeededRandom.splitMix64(&state)
        return SeededRandom(seed: a ^ (b &* 0x9E37_79B9_7F4A_7C15))
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `low + (high − low)·uniform()`: uniform in [low, high) up to floating-point rounding (the
    /// result can round to `high` when `high − low` is far larger than `low`'s spacing).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire 2019, Algorithm 5: take the
    /// high word of `next()·bound`, rejecting low words below `2⁶⁴ mod bound`). `bound` must be > 0.
    public mutating func uniformInt(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniformInt(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A uniform `Int` in `range` (any non-empty range, even one wider than `Int.max`).
    public mutating func uniformInt(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "uniformInt(in:) needs a non-empty range")
        let width = UInt64(UInt(bitPattern: range.upperBound &- range.lowerBound))
        return range.lowerBound &+ Int(bitPattern: UInt(uniformInt(below: width)))
    }

    /// A uniform `Int` in `range` (any range, including `Int.min...Int.max`).
    public mutating func uniformInt(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(UInt(bitPattern: range.upperBound &- range.lowerBound))
        if width == .max { return Int(bitPattern: UInt(next())) }
        return range.lowerBound &+ Int(bitPattern: UInt(uniformInt(below: width + 1)))
    }

    /// `true` with probability `p` (`uniform() < p`: never for `p ≤ 0`, always for `p ≥ 1`).
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// A standard normal sample (Marsaglia polar method; the second sample of each pair is kept
    /// for the next call).
    public mutating func gaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * PortableMath.log(s) / s).squareRoot()
                spareGaussian = v * factor
                return u * factor
            }
        }
    }

    /// A normal sample with the given mean and standard deviation: `mean + standardDeviation·gaussian()`.
    public mutating func gaussian(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * gaussian()
    }

    /// Fills `bytes` with random bytes: each `next()` supplies 8 bytes, least significant first
    /// (a final partial word's unused bytes are discarded).
    public mutating func fill(_ bytes: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            var word = next()
            for _ in 0..<8 where index < bytes.count {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
    }

    /// A deterministic Fisher–Yates shuffle of `array`: for `i` from `count − 1` down to 1, swap
    /// element `i` with element `uniformInt(below: i + 1)`.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = Int(uniformInt(below: UInt64(i + 1)))
            array.swapAt(i, j)
        }
    }
}
