import SynodCore

/// A leader-election condition that stops a height from having a primary.
public struct ElectionError: SynodError {
    /// The failure's code.
    public enum Code: String, Hashable, Sendable {
        /// No member has a committed reputation above 0 (SPDL §4.3.2 excludes reputation-0 nodes),
        /// so no replica may lead: the group cannot make progress until the application changes
        /// the reputations (it cannot, since nothing is decided) — an operator must intervene.
        case noEligibleMember
        /// The election was built with inconsistent keys (count or index).
        case invalidKeys
    }

    /// The code; equality compares only this.
    public let code: Code
    /// What exactly failed, and where.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
