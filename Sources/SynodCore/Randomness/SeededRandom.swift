/// Synod's only source of randomness in simulations and experiments: a seeded, splittable
/// pseudo-random generator that gives the same stream on every machine.
///
/// Algorithm: **xoshiro256\*\*** (Blackman & Vigna, 2018) for the stream; its 256-bit state is
/// filled from the seed by **SplitMix64** (Steele, Lea & Flood, 2014), as the xoshiro authors
/// recommend. ``split(_:)`` derives an independent child generator from the parent's seed and a
/// stream label (SplitMix64 over `seed ⊕ mix(label)`), so adding draws to one component never
/// shifts another's stream.
///
/// Distributions: ``uniform()`` uses the top 53 bits (exact in [0, 1)); ``uniformInt(below:)`` is
/// unbiased (Lemire's multiply-and-reject); ``gaussian()`` is the Marsaglia polar method, which
/// needs only `sqrt` (exact under IEEE-754) and `log` (glibc's, identical on every Linux machine
/// running the same libm).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The seed this generator was created from.
    public let seed: UInt64
    private var spareGaussian: Double?

    /// Creates a generator from a 64-bit seed.
    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        s0 = SeededRandom.splitMix64(&sm)
        s1 = SeededRandom.splitMix64(&sm)
        s2 = SeededRandom.splitMix64(&sm)
        s3 = SeededRandom.splitMix64(&sm)
        spareGaussian = nil
    }

    /// SplitMix64 step: advances `state` and returns the next output.
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

    /// An independent generator for a named sub-stream, derived from this generator's seed only
    /// (not its position), e.g. `rng.split("node", 3)`.
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

    /// A uniform `Double` in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire 2019). `bound` must be > 0.
    public mutating func uniformInt(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniformInt(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A uniform `Int` in `range`.
    public mutating func uniformInt(in range: Range<Int>) -> Int {
        range.lowerBound + Int(uniformInt(below: UInt64(range.count)))
    }

    /// `true` with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// A standard normal sample (Marsaglia polar method; the second sample of each pair is kept).
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
                let factor = (-2 * _log(s) / s).squareRoot()
                spareGaussian = v * factor
                return u * factor
            }
        }
    }

    /// A normal sample with the given mean and standard deviation.
    public mutating func gaussian(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * gaussian()
    }

    /// Fills `bytes` with random bytes.
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

    /// A deterministic Fisher–Yates shuffle of `array`.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = Int(uniformInt(below: UInt64(i + 1)))
            array.swapAt(i, j)
        }
    }
}
