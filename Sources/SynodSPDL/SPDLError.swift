import SynodCore

/// An error of the SPDL protocol module: invalid configuration, malformed peer data, or a ledger
/// that cannot be replayed. `reason` names what is wrong and where.
public struct SPDLError: SynodError {
    /// What kind of failure.
    public enum Code: String, Hashable, Sendable {
        /// A configuration value is out of range.
        case invalidConfiguration
        /// Data from a peer (gradient, proposal, evidence) is malformed.
        case invalidInput
        /// A learning, robust-aggregation or ledger operation failed.
        case operationFailed
        /// A ledger does not hold a replayable SPDL training.
        case notReplayable
    }

    /// The failure kind.
    public let code: Code
    /// What went wrong, naming the field or round.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
