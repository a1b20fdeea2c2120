/// Scaled sign flip: −s · mean(honest). s = 1 is ByzFL's `SignFlipping`; the SPDL reference code's
/// `decen_training.py` sends its own gradient negated (s = 1 with one honest vector).
public struct SignFlipAttack: ByzantineAttack {
    /// The scale s.
    public var scale: Double

    /// Creates the attack.
    public init(scale: Double = 1) {
        self.scale = scale
    }

    /// `"sign-flip"`.
    public var name: String { "sign-flip" }

    /// −s · mean(honest).
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage {
        let (mean, _) = try context.moments(ddof: 0, for: name)
        return .vector(mean.map { Float(-scale * $0) })
    }
}
