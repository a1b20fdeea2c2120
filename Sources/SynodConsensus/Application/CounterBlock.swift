import SynodCore

/// The proposal of ``CounterApplication``: a list of increments, payloads referenced by hash
/// (fetched by the engine when missing) and a flag a Byzantine proposer can set to make the
/// block invalid.
public struct CounterBlock: ConsensusProposal {
    /// The height the block is for.
    public let height: UInt64
    /// The proposing replica.
    public let proposer: UInt32
    /// Increments to add to the counter.
    public let transactions: [UInt64]
    /// SHA-256 digests of payload blobs the block depends on.
    public let payloads: [Digest]
    /// An invalid block (the application rejects it).
    public let poisoned: Bool

    /// Creates a block.
    public init(height: UInt64, proposer: UInt32, transactions: [UInt64], payloads: [Digest], poisoned: Bool = false) {
        self.height = height
        self.proposer = proposer
        self.transactions = transactions
        self.payloads = payloads
        self.poisoned = poisoned
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(height)
        encoder.encode(proposer)
        encoder.encode(UInt32(transactions.count))
        for tx in transactions { encoder.encode(tx) }
        encoder.encode(payloads)
        encoder.encode(poisoned)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        height = try decoder.decodeUInt64(field + ".height")
        proposer = try decoder.decodeUInt32(field + ".proposer")
        let count = try decoder.decodeLength(field + ".transactions", limit: 4096, minimumElementSize: 8)
        var txs: [UInt64] = []
        for index in 0..<count { txs.append(try decoder.decodeUInt64(field + ".transactions[\(index)]")) }
        transactions = txs
        payloads = try decoder.decodeArray(Digest.self, field + ".payloads", maxCount: 64, minimumElementSize: 32)
        poisoned = try decoder.decodeBool(field + ".poisoned")
    }
}
