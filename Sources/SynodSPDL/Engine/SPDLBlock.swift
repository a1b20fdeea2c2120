import SynodConsensus
import SynodCore
import SynodLedger

/// What the PBFT engine agrees on in an engine-run SPDL chain: the ledger block (header and
/// transactions, no certificate yet) plus Δ itself, whose SHA-256 the round record names.
///
/// ``proposalDigest`` is the ledger header hash, so the engine's commit certificate (`.commit`
/// votes over this digest at this height) is the ledger block's certificate. The header commits to
/// the transactions (Merkle root), the round record commits to Δ (its digest), so the digest binds
/// everything in the proposal.
public struct SPDLBlock: ConsensusProposal {
    /// The block header (height, previous hash, transactions root, state root after the block).
    public let header: BlockHeader
    /// The transactions: the registration at height 1, one round record afterwards.
    public let transactions: [Transaction]
    /// Δ (empty at height 1).
    public let aggregate: [Float]

    /// Creates a proposal.
    public init(header: BlockHeader, transactions: [Transaction], aggregate: [Float]) {
        self.header = header
        self.transactions = transactions
        self.aggregate = aggregate
    }

    /// The ledger header hash.
    public var proposalDigest: Digest { header.hash }

    /// The ledger block with `certificate`.
    public func block(certificate: QuorumCertificate?) -> Block {
        Block(header: header, transactions: transactions, certificate: certificate)
    }

    /// The round record it carries, if any.
    public var roundRecord: SPDLRoundRecord? {
        for tx in transactions {
            guard case .payload(let p) = tx, p.module == SPDLLedgerModule.moduleName,
                p.kind == SPDLRoundRecord.payloadKind
            else { continue }
            return try? SPDLRoundRecord(canonicalBytes: p.body)
        }
        return nil
    }

    /// The proposer faults it records (after the round record), if any.
    public var proposerFaults: [ProposerFaultEvidence] {
        transactions.compactMap { tx in
            guard case .payload(let p) = tx, p.module == SPDLLedgerModule.moduleName,
                p.kind == ProposerFaultEvidence.payloadKind
            else { return nil }
            return try? ProposerFaultEvidence(canonicalBytes: p.body)
        }
    }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        header.encode(to: &encoder)
        encoder.encode(transactions)
        encoder.encode(floats: aggregate)
    }

    /// Canonical decoding (at most 16 transactions and 2^24 floats).
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        header = try BlockHeader(from: &decoder, field: field + ".header")
        transactions = try decoder.decodeArray(Transaction.self, field + ".transactions", maxCount: 16)
        aggregate = try decoder.decodeFloats(field + ".aggregate", maxCount: 1 << 24)
    }

    /// Equality of the agreed digest and Δ's bits.
    public static func == (lhs: SPDLBlock, rhs: SPDLBlock) -> Bool {
        lhs.header == rhs.header && lhs.transactions == rhs.transactions
            && lhs.aggregate.map(\.bitPattern) == rhs.aggregate.map(\.bitPattern)
    }

    /// Hashes the header.
    public func hash(into hasher: inout Hasher) { hasher.combine(header) }
}
