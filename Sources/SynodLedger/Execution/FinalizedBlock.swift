import SynodCore

/// A decided block with the state after it and the blob contents it brings: what a ledger-backed
/// application's finalize step computes (no I/O) and what the driver then persists with
/// ``Ledger/commit(_:)`` or ``LedgerStore/append(_:)``, once the block is durable in the consensus
/// write-ahead log (ABCI++ FinalizeBlock, then Commit).
public struct FinalizedBlock: Sendable {
    /// The block with its commit certificate.
    public let block: Block
    /// The ledger state after the block.
    public let state: LedgerState
    /// The contents of blobs the block references that may not be stored yet.
    public let blobs: [[UInt8]]

    /// Creates a finalized block.
    public init(block: Block, state: LedgerState, blobs: [[UInt8]] = []) {
        self.block = block
        self.state = state
        self.blobs = blobs
    }

    /// The block's height.
    public var height: UInt64 { block.height }
}

extension LedgerStore {
    /// Appends a finalized block with its state and blobs in one transaction (no re-execution).
    public func append(_ finalized: FinalizedBlock) throws(LedgerError) {
        try append(finalized.block, state: finalized.state, blobs: finalized.blobs)
    }
}
