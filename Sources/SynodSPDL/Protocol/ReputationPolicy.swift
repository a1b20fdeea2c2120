/// The reputation rule of SPDL (paper §4.3.2 and §4.3.4).
///
/// The paper fixes only its shape: r ∈ [0, 1], every node starts at the same ŵ, a node whose
/// gradient deviates from the aggregate by more than π/2 loses reputation, and a node at 0 cannot
/// lead. It gives no amounts (and the paper's reference code has no reputation at all), so
/// Synod defines them: start at ``initial`` = 1; each round a node whose committed gradient g has
/// angle(g, Δ) > π/2, i.e. ⟨g, Δ⟩ < 0, loses ``penalty`` (0.1); a node whose angle is ≤ π/2 regains
/// ``recovery`` (0.1, capped at 1), so honest nodes hit by one unlucky noisy round recover; values are
/// clamped to [0, 1]. Proven equivocation (two signed gradients for one round) sets it to 0 for good.
///
/// ``reference`` selects what "the aggregate" is: Δ (the paper) or the coordinate-wise median of
/// the round's vectors (robust mode). Whatever the reference, ``SPDLRules/record(round:leader:gar:commitments:aggregate:evidence:vectors:members:policy:)``
/// applies the eligibility floor (``mayZero(atZeroAfter:members:)``): the rule never leaves more
/// than n − (2f + 1) members at 0 that are not proven faulty, so at least f + 1 honest members stay
/// eligible
/// (docs/spdl.md, "Why an honest member always stays eligible").
public struct ReputationPolicy: Sendable, Hashable {
    /// ŵ, the reputation every node starts with.
    public var initial: Double
    /// Lost per round with angle > π/2.
    public var penalty: Double
    /// Regained per round with angle ≤ π/2 (never above 1; never from 0).
    public var recovery: Double
    /// What a gradient's angle is measured against.
    public var reference: ReputationReference

    /// Creates a policy (defaults: 1, 0.1, 0.1 measured against Δ: symmetric amounts, chosen by
    /// the experiment in docs/spdl.md "Reputation amounts").
    public init(
        initial: Double = 1, penalty: Double = 0.1, recovery: Double = 0.1, reference: ReputationReference = .aggregate
    ) {
        self.initial = initial
        self.penalty = penalty
        self.recovery = recovery
        self.reference = reference
    }

    /// 2f + 1 with f = ⌊(n − 1)/3⌋ (never more than n): the rule leaves at most n − (2f + 1)
    /// members at 0 that are not proven faulty.
    public static func minimumEligible(members n: Int) -> Int { min(n, 2 * ((n - 1) / 3) + 1) }

    /// The eligibility floor: whether the rule may take one more member to 0 when `zeroAfter`
    /// members not proven faulty (that one included) would then be at 0 among `members`, i.e. at
    /// most n − (2f + 1). Evidence is not subject to it, and proven-faulty members do not count.
    public static func mayZero(atZeroAfter zeroAfter: Int, members n: Int) -> Bool {
        n - zeroAfter >= minimumEligible(members: n)
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
