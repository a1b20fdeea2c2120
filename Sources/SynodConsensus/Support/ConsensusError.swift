/// A consensus-layer error (configuration, log records, restore).
public struct ConsensusError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The failure's code.
    public enum Code: String, Hashable, Sendable {
        case invalidConfiguration, corruptLog, ioFailure, invalidRestore, recordTooLarge
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

    public var description: String { "\(code.rawValue): \(reason)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
