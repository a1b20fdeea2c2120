import SynodConsensus
import SynodCore
import SynodLedger

/// What the `ledger` protocol agrees on: a SynodLedger block without its certificate (the header
/// and the transactions). The engine votes on the **header hash** (`proposalDigest`), so the
/// commit certificate of the decided block is exactly the certificate SynodLedger stores and
/// `synod ledger verify` checks.
public struct LedgerProposal: ConsensusProposal {
    /// The most transactions a proposal may carry (bounds decoding and validation work).
    public static let maxTransactionCount = 4_096

    /// The block header.
    public let header: BlockHeader
    /// The transactions (their Merkle root is `header.transactionsRoot`).
    public let transactions: [Transaction]

    /// Creates a proposal.
    public init(header: BlockHeader, transactions: [Transaction]) {
        self.header = header
        self.transactions = transactions
    }

    /// The header hash (what commit votes sign).
    public var proposalDigest: Digest { header.hash }

    /// The ledger block with `certificate`.
    public func block(certificate: QuorumCertificate?) -> Block {
        Block(header: header, transactions: transactions, certificate: certificate)
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        header.encode(to: &encoder)
        encoder.encode(transactions)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        header = try BlockHeader(from: &decoder, field: field + ".header")
        transactions = try decoder.decodeArray(
            Transaction.self, field + ".transactions", maxCount: Self.maxTransactionCount, minimumElementSize: 1)
    }
}
