import SynodCore

/// A node's ledger: the durable ``LedgerStore`` plus the current ``LedgerState`` and tip, with the
/// rule that only valid, finalized blocks are appended.
///
/// ``append(_:)`` checks the block like the auditor does (link to the tip, certificate of 2f+1
/// members in force, replay to the header's state root) and then stores the block and the new state
/// atomically. ``open(at:modules:)`` resumes at the last complete block after a crash.
public struct Ledger: Sendable {
    /// The durable store.
    public let store: LedgerStore
    /// The protocol modules used to apply payloads.
    public let modules: ModuleRegistry
    /// The state after the tip block.
    public private(set) var state: LedgerState
    /// The tip block's header.
    public private(set) var tip: BlockHeader

    /// The height of the tip.
    public var height: UInt64 { tip.height }
    /// The hash of the tip.
    public var tipHash: Digest { tip.hash }

    /// Creates a new ledger in `directory` from `genesis`.
    public static func create(
        at directory: String, genesis: Genesis, modules: ModuleRegistry = .standard
    ) throws(LedgerError) -> Ledger {
        let store = try LedgerStore.create(at: directory, genesis: genesis)
        return try Ledger(store: store, modules: modules)
    }

    /// Creates a new ledger in `directory` holding `blocks` after the genesis, each validated as it
    /// is appended with the contents of the blobs it brings, and closes it (simulations writing
    /// what their replicas decided).
    public static func write(
        _ blocks: [(block: Block, blobs: [[UInt8]])], genesis: Genesis, modules: ModuleRegistry, to directory: String
    ) throws(LedgerError) {
        var ledger = try create(at: directory, genesis: genesis, modules: modules)
        for (block, blobs) in blocks { try ledger.append(block, blobs: blobs) }
        try ledger.store.close()
    }

    /// Opens the ledger in `directory` at its last complete block, after checking the chain's
    /// integrity incrementally (``LedgerStore/verifyIntegrity(recordProgress:)``: no holes, links
    /// and transaction roots of the blocks not verified before; the tip becomes the verified height).
    public static func open(at directory: String, modules: ModuleRegistry = .standard) throws(LedgerError) -> Ledger {
        let store = try LedgerStore.open(at: directory)
        try store.verifyIntegrity(recordProgress: true)
        return try Ledger(store: store, modules: modules)
    }

    /// Loads the tip and its state from `store`: the latest checkpoint, then a replay of any block
    /// after it (normally none, since every append stores the tip's checkpoint).
    public init(store: LedgerStore, modules: ModuleRegistry = .standard) throws(LedgerError) {
        self.store = store
        self.modules = modules
        let tipHeight = try store.tipHeight()
        guard let checkpointHeight = try store.checkpointHeights().last(where: { $0 <= tipHeight }) else {
            throw LedgerError(
                .notFound, height: tipHeight, field: "checkpoint", "no state checkpoint at or below the tip")
        }
        var state = try store.checkpoint(at: checkpointHeight)
        var header = try store.block(at: checkpointHeight).header
        guard header.stateRoot == state.root else {
            throw LedgerError(
                .hashMismatch, height: checkpointHeight, field: "checkpoint",
                "the checkpoint's root \(state.root.hex) differs from the block's state root \(header.stateRoot.hex)")
        }
        var height = checkpointHeight
        while height < tipHeight {
            height += 1
            let block = try store.block(at: height)
            guard block.header.previousHash == header.hash else {
                throw LedgerError(
                    .brokenLink, height: height, field: "header.previousHash", "does not link to \(height - 1)")
            }
            state = try state.applying(block, modules: modules, blobs: store)
            header = block.header
        }
        self.state = state
        self.tip = header
    }

    /// Checks that `block` can follow the tip (previous hash, commit certificate by a quorum of the
    /// members in force, replay to its state root) and returns the state after it.
    public func validate(_ block: Block) throws(LedgerError) -> LedgerState {
        try validate(block, blobs: [])
    }

    /// Like ``validate(_:)``, with `blobs` (not yet stored) available to the block's payloads.
    public func validate(_ block: Block, blobs: [[UInt8]]) throws(LedgerError) -> LedgerState {
        let height = block.height
        guard height == tip.height + 1 else {
            throw LedgerError(.brokenLink, height: height, field: "header.height", "the tip is \(tip.height)")
        }
        guard block.header.previousHash == tip.hash else {
            throw LedgerError(
                .brokenLink, height: height, field: "header.previousHash",
                "\(block.header.previousHash.hex) is not the tip's hash \(tip.hash.hex)")
        }
        try LedgerAuditor.checkCertificate(block, members: state)
        if blobs.isEmpty { return try state.applying(block, modules: modules, blobs: store) }
        var pending = MemoryBlobs()
        for bytes in blobs { pending.add(bytes) }
        return try state.applying(block, modules: modules, blobs: OverlayBlobs(top: pending, base: store))
    }

    /// Validates `block` and stores it with the new state, and with `blobs` (the content of blobs it
    /// references that are not stored yet), in one transaction (one fsync).
    public mutating func append(_ block: Block, blobs: [[UInt8]] = []) throws(LedgerError) {
        let next = try validate(block, blobs: blobs)
        try store.append(block, state: next, blobs: blobs)
        state = next
        tip = block.header
    }

    /// Stores a block finalized against this ledger's tip (its state computed once, by the
    /// application) without executing it again: checks that it links to the tip, then appends it.
    public mutating func commit(_ finalized: FinalizedBlock) throws(LedgerError) {
        let block = finalized.block
        guard block.height == tip.height + 1, finalized.state.height == block.height else {
            throw LedgerError(.brokenLink, height: block.height, field: "header.height", "the tip is \(tip.height)")
        }
        guard block.header.previousHash == tip.hash else {
            throw LedgerError(
                .brokenLink, height: block.height, field: "header.previousHash",
                "\(block.header.previousHash.hex) is not the tip's hash \(tip.hash.hex)")
        }
        try store.append(finalized)
        state = finalized.state
        tip = block.header
    }
}

extension LedgerState {
    /// The header of the block that would follow `parent` (the header of the block this state
    /// belongs to) with `transactions`: executes them and fills in the transactions' Merkle root and
    /// the resulting state root. Returns the header and the state after it. This is what a proposer
    /// (the consensus leader) calls; the commit votes then sign ``BlockHeader/hash``.
    public func proposeHeader(
        after parent: BlockHeader, transactions: [Transaction], proposer: NodeID, view: UInt64, timestamp: UInt64,
        modules: ModuleRegistry, blobs: some BlobSource
    ) throws(LedgerError) -> (header: BlockHeader, state: LedgerState) {
        let next = try executing(
            transactions, height: parent.height + 1, proposer: proposer, timestamp: timestamp, modules: modules,
            blobs: blobs)
        let header = BlockHeader(
            chainID: chainID, height: parent.height + 1, previousHash: parent.hash,
            transactionsRoot: Block.transactionsRoot(transactions), stateRoot: next.root, proposer: proposer,
            view: view,
            timestamp: timestamp)
        return (header, next)
    }
}

/// Blobs from `top`, else from `base`.
struct OverlayBlobs<Base: BlobSource>: BlobSource {
    let top: MemoryBlobs
    let base: Base

    func blobBytes(_ digest: Digest) throws(LedgerError) -> [UInt8]? {
        if let bytes = try top.blobBytes(digest) { return bytes }
        return try base.blobBytes(digest)
    }
}
