import SynodCore

/// A block: its header, its transactions, and the commit certificate that finalized it.
///
/// Canonical encoding: `header`, `transactions` (count-prefixed array), `certificate` (an optional:
/// presence byte, then the ``QuorumCertificate``). Only the genesis block (height 0) has no
/// certificate; every other block carries 2f+1 signed `.commit` votes over ``BlockHeader/hash``
/// (finality auditable offline), which are not part of the hashed header.
public struct Block: Hashable, Sendable, CanonicalCodable {
    /// The most transactions in one block.
    public static let maxTransactionCount = 100_000

    /// The hashed header.
    public let header: BlockHeader
    /// The transactions, in execution order.
    public let transactions: [Transaction]
    /// The commit certificate (`nil` only for the genesis block).
    public let certificate: QuorumCertificate?

    /// Creates a block.
    public init(header: BlockHeader, transactions: [Transaction], certificate: QuorumCertificate?) {
        self.header = header
        self.transactions = transactions
        self.certificate = certificate
    }

    /// The block hash (the header's hash).
    public var hash: Digest { header.hash }
    /// The height.
    public var height: UInt64 { header.height }

    /// The RFC 6962 Merkle root of `transactions` (their canonical encodings are the leaves).
    public static func transactionsRoot(_ transactions: [Transaction]) -> Digest {
        MerkleTree.root(leaves: transactions.map(\.canonicalBytes))
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        header.encode(to: &encoder)
        encoder.encode(transactions)
        encoder.encode(optional: certificate)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        header = try BlockHeader(from: &decoder, field: field + ".header")
        transactions = try decoder.decodeArray(
            Transaction.self, field + ".transactions", maxCount: Self.maxTransactionCount, minimumElementSize: 1)
        certificate = try decoder.decodeOptional(QuorumCertificate.self, field + ".certificate")
    }
}
