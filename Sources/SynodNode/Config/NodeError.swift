import SynodCore

/// A typed error of the node layer: configuration, genesis, home directory, runtime and cluster
/// checks. The reason names what was wrong and where (file, key, member index).
public struct NodeError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// A configuration file is not valid TOML.
        case invalidTOML
        /// A configuration key this version does not know.
        case unknownKey
        /// A required key is missing.
        case missingKey
        /// A key has a value of the wrong type or out of range.
        case invalidValue
        /// The genesis document is malformed or inconsistent.
        case invalidGenesis
        /// The genesis names a protocol this build does not know.
        case unknownProtocol
        /// This node's key is not a member of the genesis.
        case notAMember
        /// This node's VRF public key (derived from its identity key) is not its genesis entry's.
        case vrfKeyMismatch
        /// A file could not be read or written.
        case io
        /// A home directory or cluster directory already exists.
        case alreadyExists
        /// The consensus engine, WAL, ledger or transport failed.
        case runtime
        /// Ledgers of a cluster disagree (a fork) or fail their audit.
        case divergence
        /// A command-line argument is invalid.
        case invalidArgument
        /// The write-ahead log is corrupt before its tail; `synod node repair` must fence it first.
        case corruptLog
        /// The write-ahead log is missing next to a non-empty store; `synod node repair` must
        /// fence a new one first.
        case missingLog
        /// The ledger is damaged (a hole, a broken link, a block that does not hash to its row).
        case corruptLedger
    }

    /// The code.
    public let code: Code
    /// What and where.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The process exit code of `synod node` when this error stops it: 65 (`EX_DATAERR`) for a
    /// write-ahead log that needs `synod node repair`, 66 for a damaged ledger, 1 otherwise.
    public var exitCode: Int32 {
        switch code {
        case .corruptLog, .missingLog: 65
        case .corruptLedger: 66
        default: 1
        }
    }
}
