/// Sends nothing (a crashed or withholding node): tests that aggregation and consensus go on with
/// the vectors that did arrive.
public struct SilenceAttack: ByzantineAttack {
    /// Creates the attack.
    public init() {}

    /// `"silence"`.
    public var name: String { "silence" }

    /// ``ByzantineMessage/silence``.
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage { .silence }
}
