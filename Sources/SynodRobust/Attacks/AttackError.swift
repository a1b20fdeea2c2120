import SynodCore

/// A typed error from an attack (bad parameters or context).
public struct AttackError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// A parameter is out of range, or the honest vectors do not fit the attack.
        case invalidArgument
    }

    /// What went wrong.
    public let code: Code
    /// What and where.
    public let reason: String

    /// Creates an error.
    public init(_ reason: String) {
        self.code = .invalidArgument
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }

    /// Compares code and reason: the reason is the only detail an attack error carries.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.reason == rhs.reason }

    /// Hashes code and reason, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(reason)
    }
}
