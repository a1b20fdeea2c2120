/// What a member's gradient is measured against by the reputation rule (``ReputationPolicy``).
public enum ReputationReference: String, Sendable, Hashable, CaseIterable {
    /// The paper's rule (§4.3.4): the angle between the gradient and the aggregate Δ that the
    /// proposal chose. When the GAR picks an attacker's vector (Krum under IPM), Δ points away from
    /// the honest gradients and the rule lowers honest reputations.
    case aggregate
    /// Synod's robust mode: the angle between the gradient and the coordinate-wise median of all
    /// vectors the round aggregates. With fewer than half of them Byzantine, every coordinate of
    /// the median lies between two honest values, whatever the GAR chose.
    case median

    /// Parses a CLI or genesis name (`aggregate`, `median`).
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
