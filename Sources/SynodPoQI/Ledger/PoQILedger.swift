import Foundation
import SynodCore
import SynodLedger

/// A replica's PoQI ledger: a SynodLedger ``Ledger`` in a ``LedgerStore`` directory, or the same
/// rules in memory (simulations): append only certified blocks that link to the tip and replay to
/// their state root, with the `poqi` module registered.
public struct PoQILedger: Sendable {
    enum Storage: Sendable {
        case memory([Block])
        case disk(Ledger)
    }

    /// The chain's genesis.
    public let genesis: Genesis
    /// The modules (standard + ``PoQILedgerModule``).
    public let modules: ModuleRegistry
    /// The state after the tip.
    public private(set) var state: LedgerState
    /// The tip's header.
    public private(set) var tip: BlockHeader
    var storage: Storage

    /// An in-memory ledger at genesis.
    public static func memory(genesis: Genesis) throws(LedgerError) -> PoQILedger {
        let state = try LedgerState(genesis: genesis)
        let block = LedgerStore.genesisBlock(genesis: genesis, state: state)
        return PoQILedger(
            genesis: genesis, modules: .withPoQI, state: state, tip: block.header, storage: .memory([block]))
    }

    /// The ledger in `directory`: opened at its last complete block if it exists (its genesis must
    /// be `genesis`), created otherwise.
    public static func directory(_ directory: String, genesis: Genesis) throws(LedgerError) -> PoQILedger {
        let exists = FileManager.default.fileExists(atPath: LedgerStore.databasePath(in: directory))
        let ledger =
            exists
            ? try Ledger.open(at: directory, modules: .withPoQI)
            : try Ledger.create(at: directory, genesis: genesis, modules: .withPoQI)
        let stored = try ledger.store.genesis()
        guard stored == genesis else {
            throw LedgerError(.hashMismatch, field: "genesis", "\(directory) holds another chain's ledger")
        }
        return PoQILedger(
            genesis: genesis, modules: .withPoQI, state: ledger.state, tip: ledger.tip, storage: .disk(ledger))
    }

    init(genesis: Genesis, modules: ModuleRegistry, state: LedgerState, tip: BlockHeader, storage: Storage) {
        self.genesis = genesis
        self.modules = modules
        self.state = state
        self.tip = tip
        self.storage = storage
    }

    /// The tip height.
    public var height: UInt64 { tip.height }

    /// The header (and state) of a block with `transactions` after the tip.
    public func proposeHeader(
        transactions: [Transaction], proposer: NodeID, view: UInt64, timestamp: UInt64
    ) throws(LedgerError) -> (header: BlockHeader, state: LedgerState) {
        try state.proposeHeader(
            after: tip, transactions: transactions, proposer: proposer, view: view, timestamp: timestamp,
            modules: modules, blobs: MemoryBlobs())
    }

    /// Appends a certified block after the tip (link, certificate by a quorum of members, replay).
    /// `knownState`, the state this replica already computed for exactly this block when it
    /// proposed it, spares the replay in memory (a directory ledger always replays).
    public mutating func append(_ block: Block, knownState: LedgerState? = nil) throws(LedgerError) {
        switch storage {
        case .memory(var blocks):
            storage = .memory([])  // keep the array uniquely referenced: append in place, not a copy
            defer { storage = .memory(blocks) }
            guard block.height == tip.height + 1, block.header.previousHash == tip.hash else {
                throw LedgerError(
                    .brokenLink, height: block.height, field: "header.previousHash", "does not follow the tip")
            }
            try LedgerAuditor.checkCertificate(block, members: state)
            let next: LedgerState
            if let knownState, knownState.root == block.header.stateRoot {
                next = knownState
            } else {
                next = try state.applying(block, modules: modules, blobs: MemoryBlobs())
            }
            blocks.append(block)
            state = next
            tip = block.header
        case .disk(var ledger):
            try ledger.append(block)
            storage = .disk(ledger)
            state = ledger.state
            tip = ledger.tip
        }
    }

    /// The block at `height` (0 is genesis).
    public func block(at height: UInt64) throws(LedgerError) -> Block {
        switch storage {
        case .memory(let blocks):
            guard height < UInt64(blocks.count) else {
                throw LedgerError(.notFound, height: height, field: "height", "no block at \(height)")
            }
            return blocks[Int(height)]
        case .disk(let ledger):
            return try ledger.store.block(at: height)
        }
    }

    /// The PoQI genesis for `members` (replica order) with `configuration` recorded in its parameters.
    public static func genesis(
        members: [PublicKey], configuration: PoQIChainConfiguration, chainID: String = "synod-poqi",
        timestamp: UInt64 = 0
    ) -> Genesis {
        let entries = members.map {
            Genesis.Member(
                publicKey: $0, address: "", vrfPublicKey: [UInt8](repeating: 0, count: 32), reputation: 1, balance: 0)
        }
        return Genesis(
            chainID: chainID, timestamp: timestamp, members: entries, accounts: [],
            parameters: configuration.genesisParameters)
    }
}
