/// A failure involving keys, key files or signatures.
public struct IdentityError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        case invalidPublicKey
        case invalidSecretKey
        case keyFileUnreadable
        case keyFilePermissions
        case keyFileMalformed
        case keyFileWrite
        case invalidSignature
    }

    /// The failure's code; equality compares only this.
    public let code: Code
    /// A human-readable explanation naming the file or value.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
