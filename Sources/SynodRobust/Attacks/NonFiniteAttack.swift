/// A vector of NaN, +∞ or −∞ (ByzFL `Inf` is +∞): tests that input hygiene rejects it.
public struct NonFiniteAttack: ByzantineAttack {
    /// Which non-finite value.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Not a number.
        case nan
        /// +∞.
        case positiveInfinity = "inf"
        /// −∞.
        case negativeInfinity = "-inf"
    }

    /// Which non-finite value.
    public var kind: Kind

    /// Creates the attack.
    public init(kind: Kind = .nan) {
        self.kind = kind
    }

    /// `"non-finite"`.
    public var name: String { "non-finite" }

    /// A vector of the chosen non-finite value.
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage {
        let value: Float
        switch kind {
        case .nan: value = .nan
        case .positiveInfinity: value = .infinity
        case .negativeInfinity: value = -.infinity
        }
        return .vector([Float](repeating: value, count: try context.dimension(for: name)))
    }
}
