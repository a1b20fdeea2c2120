extension ReferenceLayers {
    /// Group normalisation (Wu & He, ECCV 2018, eq. 1–3): for each sample and each group of
    /// `channels/groups` consecutive channels (with `spatial` values per channel), `μ` and the
    /// biased variance `σ²` over the group, then `y = γ_c·(x − μ)/√(σ² + ε) + β_c`.
    /// Parameters: γ `[C]` then β `[C]`. The layer stores ε as a `Float`; pass that value.
    static func groupNorm(groups: Int, channels: Int, spatial: Int, epsilon: Double) -> Forward {
        let perGroup = channels / groups
        let groupSize = perGroup * spatial
        return { x, p in
            let batch = x.count / (channels * spatial)
            var y = [Double](repeating: 0, count: x.count)
            for n in 0..<batch {
                for g in 0..<groups {
                    let start = (n * channels + g * perGroup) * spatial
                    var mean = 0.0
                    for i in start..<(start + groupSize) { mean += x[i] }
                    mean /= Double(groupSize)
                    var variance = 0.0
                    for i in start..<(start + groupSize) { variance += (x[i] - mean) * (x[i] - mean) }
                    variance /= Double(groupSize)
                    let scale = 1 / (variance + epsilon).squareRoot()
                    for cc in 0..<perGroup {
                        let c = g * perGroup + cc
                        for s in 0..<spatial {
                            let i = start + cc * spatial + s
                            y[i] = p[c] * (x[i] - mean) * scale + p[channels + c]
                        }
                    }
                }
            }
            return y
        }
    }
}
