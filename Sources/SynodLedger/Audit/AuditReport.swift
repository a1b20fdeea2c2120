import SynodCore

/// The result of a successful audit (``LedgerAuditor/verify(store:modules:onBlock:)``).
public struct AuditReport: Hashable, Sendable {
    /// The chain ID.
    public let chainID: String
    /// The tip height (the number of blocks after genesis).
    public let tipHeight: UInt64
    /// The tip's block hash.
    public let tipHash: Digest
    /// The state root after the tip, recomputed by replay.
    public let stateRoot: Digest
    /// Transactions replayed.
    public let transactionCount: Int
    /// Commit-vote signatures verified.
    public let signatureCount: Int
    /// Stored checkpoints compared with the replayed state.
    public let checkpointCount: Int
    /// Members after the tip.
    public let memberCount: Int
    /// Total supply after the tip.
    public let totalSupply: UInt64
    /// The replayed state after the tip.
    public let finalState: LedgerState
}
