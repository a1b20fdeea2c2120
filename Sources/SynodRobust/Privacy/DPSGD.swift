import SynodCore

/// DP-SGD's privatised gradient (Abadi et al., "Deep Learning with Differential Privacy", CCS 2016,
/// Algorithm 1): clip every per-sample gradient to L2 norm C, sum, add N(0, (z·C)²) per coordinate,
/// divide by the lot size L.
///
/// Written over a flat per-sample gradient matrix `[B × d]` (row b = sample b's gradient) so any
/// learning engine can plug in. Account for the privacy of T such steps at sample rate q = L/N with
/// ``RDPAccountant`` (noise multiplier z).
public struct DPSGD: Sendable, Hashable {
    /// Per-sample clipping bound C > 0.
    public let clipNorm: Double
    /// Noise multiplier z ≥ 0 (σ = z·C).
    public let noiseMultiplier: Double

    /// Creates the step.
    public init(clipNorm: Double, noiseMultiplier: Double) throws(PrivacyError) {
        guard clipNorm > 0, clipNorm.isFinite else {
            throw PrivacyError(.invalidParameter, "clip norm must be finite and > 0, got \(clipNorm)")
        }
        guard noiseMultiplier >= 0, noiseMultiplier.isFinite else {
            throw PrivacyError(.invalidParameter, "noise multiplier must be finite and ≥ 0, got \(noiseMultiplier)")
        }
        self.clipNorm = clipNorm
        self.noiseMultiplier = noiseMultiplier
    }

    /// The privatised mean gradient (dimension d).
    ///
    /// - Parameters:
    ///   - perSampleGradients: `batchSize × dimension` values, row-major.
    ///   - lotSize: the divisor L (the expected lot size under Poisson sampling); defaults to batchSize.
    ///   - clippedCount: on return, how many per-sample gradients were actually clipped.
    public func privatize(
        perSampleGradients: [Float], batchSize: Int, dimension: Int, lotSize: Double? = nil,
        rng: inout SeededRandom, clippedCount: inout Int
    ) throws(PrivacyError) -> [Float] {
        guard batchSize >= 0, dimension > 0, perSampleGradients.count == batchSize * dimension else {
            throw PrivacyError(
                .invalidGradients,
                "per-sample gradients hold \(perSampleGradients.count) values, expected \(batchSize) × \(dimension)")
        }
        if let bad = perSampleGradients.firstIndex(where: { !$0.isFinite }) {
            throw PrivacyError(
                .invalidGradients, "sample \(bad / dimension) has a non-finite value at coordinate \(bad % dimension)")
        }
        let divisor = lotSize ?? Double(batchSize)
        guard divisor > 0, divisor.isFinite else {
            throw PrivacyError(.invalidParameter, "lot size must be finite and > 0, got \(divisor)")
        }
        var sum = [Double](repeating: 0, count: dimension)
        var clipped = 0
        perSampleGradients.withUnsafeBufferPointer { g in
            for b in 0..<batchSize {
                let row = UnsafeBufferPointer(rebasing: g[(b * dimension)..<((b + 1) * dimension)])
                let norm = L2Clipping.norm(row)
                let factor = norm > clipNorm ? clipNorm / norm : 1
                if norm > clipNorm { clipped += 1 }
                for k in 0..<dimension { sum[k] += Double(row[k]) * factor }
            }
        }
        clippedCount = clipped
        let sigma = noiseMultiplier * clipNorm
        var out = [Float](repeating: 0, count: dimension)
        for k in 0..<dimension {
            let noise = sigma > 0 ? sigma * rng.gaussian() : 0
            out[k] = Float((sum[k] + noise) / divisor)
        }
        return out
    }
}
