/// Mimic (Karimireddy, He, Jaggi, "Byzantine-Robust Learning on Heterogeneous Datasets via
/// Bucketing", ICLR 2022, §4): every Byzantine node copies one honest node's vector, over-weighting
/// it under heterogeneity. ByzFL `Mimic(epsilon = index)`.
public struct MimicAttack: ByzantineAttack {
    /// The honest vector to copy.
    public var target: Int

    /// Creates the attack.
    public init(target: Int = 0) {
        self.target = target
    }

    /// `"mimic"`.
    public var name: String { "mimic" }

    /// A copy of honest vector `target`.
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage {
        guard context.honest.indices.contains(target) else {
            throw AttackError("mimic: target \(target) outside 0..<\(context.honest.count)")
        }
        return .vector(context.honest[target])
    }
}
