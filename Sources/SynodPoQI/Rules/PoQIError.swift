import SynodCore

/// A malformed PoQI input: wrong vector sizes, bad parameters, unreadable zoo files, invalid
/// messages from peers.
public struct PoQIError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// An argument or parameter is out of range.
        case invalidArgument
        /// Vectors or node counts do not fit together.
        case sizeMismatch
        /// A value is NaN or infinite.
        case nonFinite
        /// A zoo file (manifest or weights) is missing or malformed.
        case invalidZoo
        /// A message or block from a peer breaks the protocol.
        case invalidMessage
    }

    /// The category of the failure.
    public let code: Code
    /// Names what is wrong and where.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `PoQIError.code: reason`.
    public var description: String { "PoQIError.\(code.rawValue): \(reason)" }
}
