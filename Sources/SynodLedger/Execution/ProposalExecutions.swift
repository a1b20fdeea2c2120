import SynodCore

/// The ledger states a replica computed for proposals at its next height, by block content, so that
/// each block is executed once: the proposer's `proposeHeader` or a follower's validation computes
/// the state, and finalizing the decided block reuses it. Forgotten at every finalized block.
///
/// It also counts executions per finalized block (``executionsPerBlock``: how many finalized blocks
/// were executed how many times), which tests use to check the "exactly once" promise.
public struct ProposalExecutions: Sendable {
    private var states: [Digest: (transactions: [Transaction], state: LedgerState)] = [:]
    private var counts: [Digest: Int] = [:]
    /// For each execution count, how many finalized blocks were executed that many times.
    public private(set) var executionsPerBlock: [Int: Int] = [:]

    /// An empty cache.
    public init() {}

    /// The state after `block` (header hash key), executing it on `state` only if not done yet.
    public mutating func state(
        after block: Block, on state: LedgerState, modules: ModuleRegistry, blobs: some BlobSource
    ) throws(LedgerError) -> LedgerState {
        let key = block.header.hash
        // The header commits to the transactions only through their root, which executing checks:
        // a cached state answers only the same header with the same transactions.
        if let known = states[key], known.transactions == block.transactions { return known.state }
        counts[key, default: 0] += 1
        let next = try state.applying(block, modules: modules, blobs: blobs)
        if states.count < 64 { states[key] = (block.transactions, next) }
        return next
    }

    /// Remembers the state computed elsewhere for `block` (the proposer's
    /// `LedgerState.proposeHeader`, which executes the block).
    public mutating func remember(_ state: LedgerState, for block: Block) {
        let key = block.header.hash
        counts[key, default: 0] += 1
        if states.count < 64 { states[key] = (block.transactions, state) }
    }

    /// The state after the decided block `block`, executed now only if no proposal of that hash was,
    /// and forgets every other proposal (the next height starts).
    public mutating func finalize(
        _ block: Block, on state: LedgerState, modules: ModuleRegistry, blobs: some BlobSource
    ) throws(LedgerError) -> LedgerState {
        let key = block.header.hash
        defer {
            executionsPerBlock[counts[key] ?? 0, default: 0] += 1
            states.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true)
        }
        return try self.state(after: block, on: state, modules: modules, blobs: blobs)
    }
}
