import Logging
import SynodConsensus
import SynodCore
import SynodHTTP
import SynodLedger

/// Everything a protocol needs to set itself up on a node: the home, the genesis, this node's
/// index and key, the member keys in index order, and a logger.
public struct NodeProtocolContext: Sendable {
    /// The node's home (paths).
    public let home: NodeHome
    /// The network's genesis.
    public let genesis: NodeGenesis
    /// This node's consensus index (position in ``NodeGenesis/members``).
    public let index: Int
    /// This node's identity key.
    public let key: SigningKey
    /// Member keys in index order.
    public let memberKeys: [PublicKey]
    /// The node's logger.
    public let logger: Logger
    /// Wall clock in milliseconds since the Unix epoch (block timestamps).
    public let clock: @Sendable () -> UInt64

    /// Creates a context.
    public init(
        home: NodeHome, genesis: NodeGenesis, index: Int, key: SigningKey, memberKeys: [PublicKey], logger: Logger,
        clock: @escaping @Sendable () -> UInt64
    ) {
        self.home = home
        self.genesis = genesis
        self.index = index
        self.key = key
        self.memberKeys = memberKeys
        self.logger = logger
        self.clock = clock
    }
}

/// A protocol a node can run (selected by the genesis `protocol` name through
/// ``NodeProtocolRegistry``): its replicated application and the durable store of its decided
/// blocks.
///
/// The runtime calls ``makeApplication()`` once per start (an application at the state of the
/// protocol's durable store; `PBFTReplica.restore` finalizes the logged blocks above it again), and
/// ``commit(_:finalized:)`` for every decided block in height order **after** the write-ahead log
/// holds its `.decided` record, with what the application's finalize step computed. Every
/// protocol persists only there, so its store never runs ahead of the log, and a block decided
/// just before a crash is stored after the restart, never lost and never stored twice.
public protocol NodeProtocol: Sendable {
    /// The replicated application.
    associatedtype App: ReplicatedApplication

    /// How primaries are elected (default ``NodeElectionRule/roundRobin``); ``NodeElectionRule/vrf``
    /// requires every member's VRF public key in the genesis.
    var electionRule: NodeElectionRule { get }
    /// A fresh application (at the state of the protocol's durable store, or genesis).
    mutating func makeApplication() throws(NodeError) -> App
    /// Makes a decided block durable: stores what the application's finalize step computed.
    mutating func commit(_ block: DecidedBlock<App.Proposal>, finalized: App.Finalized) throws(NodeError)
    /// The highest height durably stored by the protocol.
    var committedHeight: UInt64 { get }
    /// The hash of the durably stored block at `height`, if any (status, cluster checks).
    func committedHash(at height: UInt64) -> Digest?
    /// A short description of a decided block for the node's log line.
    func summary(of block: DecidedBlock<App.Proposal>) -> String
    /// Flushes and closes stores (clean shutdown).
    mutating func close()
    /// The stored ledger block at `height` with its certificate (HTTP `GET /blocks/{height}`), if
    /// the protocol keeps a SynodLedger ledger; `nil` otherwise or if there is none yet.
    func ledgerBlock(at height: UInt64) throws(NodeError) -> Block?
    /// The model of `application` (after its last finalized block) as safetensors bytes (HTTP
    /// `GET /model`), if the protocol has one.
    func model(of application: App) -> [UInt8]?
    /// Reads stored decided blocks (with their certificates) back from the protocol's store, for
    /// the engine to serve lagging peers, or `nil` if the store cannot. With a source the engine
    /// keeps only the newest blocks in memory and the write-ahead log drops decided blocks below
    /// the stable checkpoint; without one both keep every decided block.
    var blockSource: PBFTReplica<App>.BlockSource? { get }

    /// Every member's cumulative privacy loss in `application`'s committed state and this node's
    /// refusals (HTTP `GET /status`, the log and metrics), if the protocol accounts privacy.
    func privacy(of application: App) -> PrivacyStatus?
}

extension NodeProtocol {
    /// Round-robin by default.
    public var electionRule: NodeElectionRule { .roundRobin }
    /// No ledger by default.
    public func ledgerBlock(at height: UInt64) throws(NodeError) -> Block? { nil }
    /// No model by default.
    public func model(of application: App) -> [UInt8]? { nil }
    /// No block source by default.
    public var blockSource: PBFTReplica<App>.BlockSource? { nil }

    /// No privacy accounting by default.
    public func privacy(of application: App) -> PrivacyStatus? { nil }

    /// The block's height and digest.
    public func summary(of block: DecidedBlock<App.Proposal>) -> String {
        "height=\(block.height) digest=\(block.digest.short)"
    }
}
