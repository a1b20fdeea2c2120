import SynodCore
import SynodLedger

/// The JSON view of a decided block served by `GET /blocks/{height}` (`docs/openapi.yaml`, schema
/// `Block`). Digests, node IDs and keys are lower-case hex; `timestamp` is milliseconds since the
/// Unix epoch (as in ``BlockHeader/timestamp``). Transactions are summarised (kind, size, blob
/// digests); the full canonical bytes are served by `?format=raw`.
public struct BlockView: Codable, Sendable, Hashable {
    /// The header format version.
    public var version: UInt8
    /// The chain identifier.
    public var chainID: String
    /// The block height.
    public var height: UInt64
    /// The block hash (SHA-256 of the canonical header).
    public var hash: String
    /// The previous block's hash (for height 0, the genesis document's digest).
    public var previousHash: String
    /// The state root after the block.
    public var stateRoot: String
    /// The RFC 6962 Merkle root of the transactions.
    public var transactionsRoot: String
    /// The proposer's node ID (zero for the genesis block).
    public var proposer: String
    /// The PBFT view in which the block was decided.
    public var view: UInt64
    /// Milliseconds since the Unix epoch.
    public var timestamp: UInt64
    /// The size of the block's canonical encoding in bytes (what `?format=raw` returns).
    public var size: Int
    /// The transactions, in execution order.
    public var transactions: [TransactionView]
    /// The commit certificate (absent only for the genesis block).
    public var certificate: CertificateView?

    /// The view of `block`.
    public init(_ block: Block) {
        let header = block.header
        version = header.version
        chainID = header.chainID
        height = header.height
        hash = header.hash.hex
        previousHash = header.previousHash.hex
        stateRoot = header.stateRoot.hex
        transactionsRoot = header.transactionsRoot.hex
        proposer = header.proposer.hex
        view = header.view
        timestamp = header.timestamp
        size = block.canonicalBytes.count
        transactions = block.transactions.enumerated().map { TransactionView($1, index: $0) }
        certificate = block.certificate.map(CertificateView.init)
    }
}
