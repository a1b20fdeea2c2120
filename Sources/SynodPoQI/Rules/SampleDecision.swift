/// The final, agreed label of one sample.
public struct SampleDecision: Sendable, Hashable, Codable {
    /// How the label was reached.
    public enum Rule: String, Sendable, Hashable, Codable {
        /// An accepted primary's combined decision (§III-2).
        case primary
        /// Group-of-Experts rule for a conflict sample (§III-3, eq. 6).
        case groupOfExperts
        /// Most-Honest rule for a conflict sample (§III-3).
        case mostHonest
    }

    /// The sample index.
    public var sample: Int
    /// ŷ_final.
    public var finalClass: Int
    /// The node whose decision it is.
    public var decider: Int
    /// The rule.
    public var rule: Rule
}
