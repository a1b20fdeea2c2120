/// A malformed tensor operation: wrong shape, wrong element count, bad argument.
public struct TensorError: Error, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Hashable, Sendable {
        /// A dimension is negative or a shape is unusable.
        case invalidShape
        /// Two shapes (or a shape and a value count) do not agree.
        case shapeMismatch
        /// An argument is out of range.
        case invalidArgument
    }

    /// The category of the failure.
    public let code: Code
    /// A human-readable reason naming the operation and the offending sizes.
    public let reason: String

    /// Creates an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The reason.
    public var description: String { "TensorError.\(code): \(reason)" }

    /// Errors compare by code only.
    public static func == (lhs: TensorError, rhs: TensorError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
