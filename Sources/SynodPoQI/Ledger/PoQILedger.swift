import SynodCore
import SynodLedger

/// A replica's PoQI ledger in memory: SynodLedger's rules (append only certified blocks that link
/// to the tip and replay to their state root, with the `poqi` module registered), no I/O. A node
/// stores what the application finalizes in its own `LedgerStore`; an experiment may
/// ``export(to:)`` the chain afterwards.
public struct PoQILedger: Sendable {
    /// The chain's genesis.
    public let genesis: Genesis
    /// The modules (standard + ``PoQILedgerModule``).
    public let modules: ModuleRegistry
    /// The state after the tip.
    public private(set) var state: LedgerState
    /// The tip's header.
    public private(set) var tip: BlockHeader
    var blocks: [Block]

    /// An in-memory ledger at genesis.
    public static func memory(genesis: Genesis) throws(LedgerError) -> PoQILedger {
        let state = try LedgerState(genesis: genesis)
        let block = LedgerStore.genesisBlock(genesis: genesis, state: state)
        return PoQILedger(genesis: genesis, modules: .withPoQI, state: state, tip: block.header, blocks: [block])
    }

    init(genesis: Genesis, modules: ModuleRegistry, state: LedgerState, tip: BlockHeader, blocks: [Block]) {
        self.genesis = genesis
        self.modules = modules
        self.state = state
        self.tip = tip
        self.blocks = blocks
    }

    /// The tip height.
    public var height: UInt64 { tip.height }

    /// The header of the block after the tip with `transactions`, and the state after it.
    public func proposeHeader(
        transactions: [Transaction], proposer: NodeID, view: UInt64, timestamp: UInt64
    ) throws(LedgerError) -> (header: BlockHeader, state: LedgerState) {
        try state.proposeHeader(
            after: tip, transactions: transactions, proposer: proposer, view: view, timestamp: timestamp,
            modules: modules, blobs: MemoryBlobs())
    }

    /// Appends a certified block after the tip (link, certificate by a quorum of members, replay)
    /// and returns the state after it. `knownState`, the state this replica already computed for
    /// exactly this block when it proposed or validated it, spares the replay.
    @discardableResult
    public mutating func append(_ block: Block, knownState: LedgerState? = nil) throws(LedgerError) -> LedgerState {
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
        return next
    }

    /// The block at `height` (0 is genesis).
    public func block(at height: UInt64) throws(LedgerError) -> Block {
        guard height < UInt64(blocks.count) else {
            throw LedgerError(.notFound, height: height, field: "height", "no block at \(height)")
        }
        return blocks[Int(height)]
    }

    /// Writes the chain to a new SynodLedger directory (audited by `synod ledger verify`).
    public func export(to directory: String) throws(LedgerError) {
        try Ledger.write(blocks.dropFirst().map { ($0, []) }, genesis: genesis, modules: modules, to: directory)
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
