/// Every coordinate set to a constant c. The SPDL reference code (`MNIST_training_*.py: BFT`) uses
/// c = 1e7.
public struct ConstantAttack: ByzantineAttack {
    /// The constant.
    public var value: Float

    /// Creates the attack (default c = 1e7, as the SPDL reference code).
    public init(value: Float = 1e7) {
        self.value = value
    }

    /// `"constant"`.
    public var name: String { "constant" }

    /// [c, c, …, c].
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage {
        .vector([Float](repeating: value, count: try context.dimension(for: name)))
    }
}
