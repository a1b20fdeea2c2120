/// The reputation rule of SPDL (paper §4.3.2 and §4.3.4).
///
/// The paper fixes only its shape: r ∈ [0, 1], every node starts at the same ŵ, a node whose
/// gradient deviates from the aggregate by more than π/2 loses reputation, and a node at 0 cannot
/// lead. It gives no amounts (and the paper's reference code has no reputation at all), so
/// Synod defines them: start at ``initial`` = 1; each round a node whose committed gradient g has
/// angle(g, Δ) > π/2, i.e. ⟨g, Δ⟩ < 0, loses ``penalty`` (0.1); a node whose angle is ≤ π/2 regains
/// ``recovery`` (0.1, capped at 1), so honest nodes hit by one unlucky noisy round recover; values are
/// clamped to [0, 1]. Proven equivocation (two signed gradients for one round) sets it to 0 for good.
public struct ReputationPolicy: Sendable, Hashable {
    /// ŵ, the reputation every node starts with.
    public var initial: Double
    /// Lost per round with angle > π/2.
    public var penalty: Double
    /// Regained per round with angle ≤ π/2 (never above 1; never from 0).
    public var recovery: Double

    /// Creates a policy (defaults: 1, 0.1, 0.1: symmetric amounts, chosen by the experiment in
    /// docs/spdl.md "Reputation amounts"; the earlier 0.25 / 0.05 drained honest nodes on non-IID data).
    public init(initial: Double = 1, penalty: Double = 0.1, recovery: Double = 0.1) {
        self.initial = initial
        self.penalty = penalty
        self.recovery = recovery
    }

    /// The reputation after one round (paper §4.3.4 "Update reputation"): `deviates` says whether
    /// the angle between the node's gradient and the aggregate exceeds π/2. A node at 0 stays at 0.
    public func updated(_ reputation: Double, deviates: Bool) -> Double {
        guard reputation > 0 else { return 0 }
        let next = deviates ? reputation - penalty : reputation + recovery
        return min(1, max(0, next))
    }

    /// Whether the angle between `gradient` and `aggregate` exceeds π/2 (⟨g, Δ⟩ < 0, accumulated in
    /// Double in index order so every replica gets the same answer).
    public static func deviates(_ gradient: [Float], from aggregate: [Float]) -> Bool {
        var dot = 0.0
        for k in 0..<min(gradient.count, aggregate.count) { dot += Double(gradient[k]) * Double(aggregate[k]) }
        return dot < 0
    }
}
