import SynodCore

/// The Gaussian mechanism (Dwork & Roth, "The Algorithmic Foundations of Differential Privacy",
/// 2014, §3.5.3 and Theorem A.1): adds i.i.d. N(0, σ²) noise to every coordinate.
/// All randomness comes from the caller's ``SeededRandom``.
public struct GaussianMechanism: Sendable, Hashable {
    /// The per-coordinate standard deviation σ ≥ 0.
    public let standardDeviation: Double

    /// Creates the mechanism; σ must be finite and ≥ 0.
    public init(standardDeviation: Double) throws(PrivacyError) {
        guard standardDeviation >= 0, standardDeviation.isFinite else {
            throw PrivacyError(
                .invalidParameter, "noise standard deviation must be finite and ≥ 0, got \(standardDeviation)")
        }
        self.standardDeviation = standardDeviation
    }

    /// Adds N(0, σ²) to every coordinate of `x`, drawing from `rng` in coordinate order.
    public func perturb(_ x: inout [Float], rng: inout SeededRandom) {
        guard standardDeviation > 0 else { return }
        for k in x.indices { x[k] = Float(Double(x[k]) + standardDeviation * rng.gaussian()) }
    }
}
