import SynodCore

/// A consensus-layer error (configuration, log records, restore).
public struct ConsensusError: SynodError {
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
}
