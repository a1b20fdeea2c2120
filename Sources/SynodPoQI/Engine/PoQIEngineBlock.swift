import SynodConsensus
import SynodCore
import SynodLedger

/// What the PBFT engine agrees on for PoQI: a ledger block header and its one transaction, the
/// ``PoQIBlockRecord`` payload of module `poqi`. The engine votes on the header hash
/// (``proposalDigest``), so the engine's commit certificate is the ledger block's certificate
/// (the auditor checks `.commit` votes over the header hash at the block height).
public struct PoQIEngineBlock: ConsensusProposal {
    /// The ledger block header (its state root commits to R and the PoQI state after the block).
    public let header: BlockHeader
    /// The record (decoded from the block's payload).
    public let record: PoQIBlockRecord

    /// Creates a block from a header and its record (not checked here).
    public init(header: BlockHeader, record: PoQIBlockRecord) {
        self.header = header
        self.record = record
    }

    /// The block's transactions: the record's `poqi` payload.
    public var transactions: [Transaction] { [.payload(PoQILedgerModule.payload(record))] }

    /// The ledger block header hash.
    public var proposalDigest: Digest { header.hash }

    /// The ledger block finalized by `certificate`.
    public func ledgerBlock(certificate: QuorumCertificate) -> Block {
        Block(header: header, transactions: transactions, certificate: certificate)
    }

    /// Canonical encoding: header, then record.
    public func encode(to e: inout CanonicalEncoder) {
        header.encode(to: &e)
        record.encode(to: &e)
    }

    /// Strict decoding.
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        header = try BlockHeader(from: &d, field: field + ".header")
        record = try PoQIBlockRecord(from: &d, field: field + ".record")
    }

    /// Structural validity, independent of state: the header's transactions root is the record's
    /// payload's, decisions name samples of the stream so far, and an empty block carries nothing.
    public var isWellFormed: Bool {
        guard header.transactionsRoot == Block.transactionsRoot(transactions) else { return false }
        if record.sampleCount == 0 { return record.predictions.isEmpty }
        let end = record.firstSample + UInt64(record.sampleCount)
        return record.decisions.allSatisfy { $0.sample >= 0 && UInt64($0.sample) < end && $0.finalClass >= 0 }
    }
}
