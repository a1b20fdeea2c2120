/// i.i.d. N(μ, σ²) coordinates, ignoring the honest vectors (ByzFL `Gaussian`). Drawn from the
/// context's seeded generator, so a per-receiver generator gives per-receiver vectors.
public struct GaussianAttack: ByzantineAttack {
    /// Mean μ.
    public var mean: Double
    /// Standard deviation σ ≥ 0.
    public var standardDeviation: Double

    /// Creates the attack (default N(0, 1), as ByzFL).
    public init(mean: Double = 0, standardDeviation: Double = 1) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// `"gaussian"`.
    public var name: String { "gaussian" }

    /// A fresh Gaussian vector.
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage {
        guard standardDeviation >= 0, standardDeviation.isFinite, mean.isFinite else {
            throw AttackError("gaussian: need finite mean and standard deviation ≥ 0")
        }
        let d = try context.dimension(for: name)
        var rng = context.rng
        return .vector((0..<d).map { _ in Float(rng.gaussian(mean: mean, standardDeviation: standardDeviation)) })
    }
}
