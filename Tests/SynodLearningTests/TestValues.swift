import SynodCore

/// Seeded test inputs for layer and model tests.
enum TestValues {
    /// `count` values drawn uniformly from `[−scale, scale)`.
    static func uniform(_ count: Int, _ rng: inout SeededRandom, scale: Double = 1) -> [Float] {
        (0..<count).map { _ in Float(rng.uniform(-scale, scale)) }
    }

    /// A shuffled grid of values pairwise at least 0.05 apart and at least 0.025 away from 0, so a
    /// finite-difference step below 0.0125 never crosses a ReLU kink or changes a max-pool winner.
    static func separated(_ count: Int, _ rng: inout SeededRandom) -> [Float] {
        var values = (0..<count).map { i in Float(i - count / 2) * 0.05 + 0.025 }
        rng.shuffle(&values)
        return values
    }
}
