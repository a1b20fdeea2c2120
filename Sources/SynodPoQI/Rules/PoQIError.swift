/// A malformed PoQI input: wrong vector sizes, bad parameters, unreadable zoo files, invalid
/// messages from peers.
public struct PoQIError: Error, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Hashable, Sendable {
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

    /// The reason.
    public var description: String { "PoQIError.\(code): \(reason)" }
    /// Errors compare by code only.
    public static func == (lhs: PoQIError, rhs: PoQIError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
