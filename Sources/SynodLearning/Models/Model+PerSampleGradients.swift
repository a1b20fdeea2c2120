import SynodTensor

extension Model {
    /// Per-sample gradients of the cross-entropy loss for each example of a batch, as flat vectors
    /// (each of length ``parameterCount``), for DP-SGD clipping (Abadi et al., "Deep Learning with
    /// Differential Privacy", CCS 2016, Alg. 1, "compute gradient" step).
    ///
    /// Computed by back-propagating each example on its own (batch of one), which is exact for
    /// every layer here because no layer mixes samples (GroupNorm, not BatchNorm). The mean of the
    /// returned vectors equals the batch gradient of ``computeGradient(input:labels:training:)``.
    public mutating func perSampleGradients(input: Tensor, labels: [Int32], training: Bool = false) throws(ModelError)
        -> [[Float]]
    {
        try validate(input: input)
        guard input.shape[0] == labels.count else {
            throw ModelError(.shapeMismatch, "\(name): \(input.shape[0]) inputs but \(labels.count) labels")
        }
        let stride = input.count / max(input.shape[0], 1)
        var result: [[Float]] = []
        result.reserveCapacity(labels.count)
        for n in 0..<labels.count {
            let sample = Tensor(
                unchecked: [1] + inputShape, values: Array(input.values[(n * stride)..<((n + 1) * stride)]))
            try computeGradient(input: sample, labels: [labels[n]], training: training)
            result.append(gradients)
        }
        return result
    }

    /// The DP-SGD clipped sum `Σᵢ gᵢ · min(1, C/‖gᵢ‖₂)` of the per-sample gradients (Abadi et al.
    /// 2016, Alg. 1, "clip gradient"), and the unclipped per-sample norms. Noise is added by the
    /// caller (SynodRobust). Throws when `clipNorm` is not positive and finite.
    public mutating func clippedGradientSum(input: Tensor, labels: [Int32], clipNorm: Float, training: Bool = false)
        throws(ModelError) -> (sum: [Float], norms: [Float])
    {
        guard clipNorm > 0, clipNorm.isFinite else {
            throw ModelError(.invalidArgument, "clip norm must be positive and finite, got \(clipNorm)")
        }
        let perSample = try perSampleGradients(input: input, labels: labels, training: training)
        var sum = [Float](repeating: 0, count: parameterCount)
        var norms: [Float] = []
        for g in perSample {
            let norm = Reductions.norm(g)
            norms.append(Float(norm))
            let scale = Float(min(1, Double(clipNorm) / max(norm, 1e-12)))
            for i in 0..<sum.count { sum[i] += scale * g[i] }
        }
        return (sum, norms)
    }
}
