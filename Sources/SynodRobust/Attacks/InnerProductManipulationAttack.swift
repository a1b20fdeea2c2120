/// Inner-Product Manipulation (Xie, Koyejo, Gupta, "Fall of Empires: Breaking Byzantine-tolerant SGD
/// by Inner Product Manipulation", UAI 2019, §3): −ε · mean(honest), which makes the aggregate's
/// inner product with the true gradient negative. The paper uses small ε (0.1) against
/// Krum/Median-type rules and large ε against the mean; ByzFL's default is τ = 2.
public struct InnerProductManipulationAttack: ByzantineAttack {
    /// ε > 0.
    public var epsilon: Double

    /// Creates the attack (default ε = 0.1, the paper's setting against robust rules).
    public init(epsilon: Double = 0.1) {
        self.epsilon = epsilon
    }

    /// `"ipm"`.
    public var name: String { "ipm" }

    /// −ε · mean(honest).
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage {
        let (mean, _) = try context.moments(ddof: 0, for: name)
        return .vector(mean.map { Float(-epsilon * $0) })
    }
}
