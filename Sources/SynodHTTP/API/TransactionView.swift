import SynodCore
import SynodLedger

/// The JSON summary of one transaction inside a ``BlockView``.
///
/// Always present: `index`, `id` (SHA-256 of the canonical encoding), `type` (``Transaction/kindName``)
/// and `size` (canonical bytes). Per type: `payload` adds `module`, `kind` and `blobs`; `transfer`
/// adds `from`, `to`, `amount`, `nonce`; `registerMember` adds `member` and `address`; `evidence`
/// adds `offender`. Fields that do not apply are omitted from the JSON.
public struct TransactionView: Codable, Sendable, Hashable {
    /// The transaction's position in the block.
    public var index: Int
    /// SHA-256 of the canonical encoding (hex).
    public var id: String
    /// `"registerMember"`, `"transfer"`, `"payload"` or `"evidence"`.
    public var type: String
    /// The canonical encoding's size in bytes.
    public var size: Int
    /// Payloads: the module that applies it (e.g. `"spdl"`).
    public var module: String?
    /// Payloads: the module-defined kind.
    public var kind: UInt16?
    /// Payloads: the referenced blobs (digest and size).
    public var blobs: [BlobView]?
    /// Transfers: the sender's node ID.
    public var from: String?
    /// Transfers: the recipient's node ID.
    public var to: String?
    /// Transfers: the amount.
    public var amount: UInt64?
    /// Transfers: the sender's nonce.
    public var nonce: UInt64?
    /// Member registrations: the new member's node ID.
    public var member: String?
    /// Member registrations: the announced address.
    public var address: String?
    /// Evidence: the accused node's ID.
    public var offender: String?

    /// The summary of `transaction` at position `index`.
    public init(_ transaction: Transaction, index: Int) {
        let bytes = transaction.canonicalBytes
        self.index = index
        self.id = Digest.sha256(bytes).hex
        self.type = transaction.kindName
        self.size = bytes.count
        switch transaction {
        case .payload(let payload):
            module = payload.module
            kind = payload.kind
            blobs = payload.blobs.map(BlobView.init)
        case .transfer(let transfer):
            from = transfer.body.from.nodeID.hex
            to = transfer.body.to.hex
            amount = transfer.body.amount
            nonce = transfer.body.nonce
        case .registerMember(let registration):
            member = registration.body.nodeID.hex
            address = registration.body.address
        case .evidence(let evidence):
            offender = evidence.offender.nodeID.hex
        }
    }
}
