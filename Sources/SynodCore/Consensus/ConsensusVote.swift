/// A PBFT vote as it is signed: the shared contract between the consensus engine, which produces
/// votes, and the ledger, which stores and audits commit certificates.
///
/// Encoding (``encodedByteCount`` = 81 bytes): `phase (UInt8 tag) ‖ view (UInt64) ‖ height
/// (UInt64) ‖ blockHash (32) ‖ extensionDigest (32)`. Signed bytes:
/// `SigningDomain.consensusVote.message(for: canonicalBytes)`.
public struct ConsensusVote: Hashable, Sendable, CanonicalCodable {
    /// The phase a vote belongs to (Castro & Liskov, OSDI 1999, §4.2).
    public enum Phase: UInt8, Hashable, Sendable, CaseIterable {
        /// A PREPARE vote.
        case prepare = 1
        /// A COMMIT vote.
        case commit = 2
    }

    /// The size of one encoded vote.
    public static let encodedByteCount = 1 + 8 + 8 + Digest.byteCount + Digest.byteCount

    /// PREPARE or COMMIT.
    public let phase: Phase
    /// The PBFT view.
    public let view: UInt64
    /// The block height (PBFT sequence number).
    public let height: UInt64
    /// The hash of the block header voted for.
    public let blockHash: Digest
    /// Digest of per-replica data attached to the vote (ABCI++ vote extensions), or `.zero`.
    public let extensionDigest: Digest

    /// Creates a vote.
    public init(phase: Phase, view: UInt64, height: UInt64, blockHash: Digest, extensionDigest: Digest = .zero) {
        self.phase = phase
        self.view = view
        self.height = height
        self.blockHash = blockHash
        self.extensionDigest = extensionDigest
    }

    /// Writes the 81-byte encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(phase.rawValue)
        encoder.encode(view)
        encoder.encode(height)
        blockHash.encode(to: &encoder)
        extensionDigest.encode(to: &encoder)
    }

    /// Reads a vote; an unknown phase tag is `.unknownTag` at `field.phase`.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        phase = try decoder.decodeTag(Phase.self, field + ".phase")
        view = try decoder.decodeUInt64(field + ".view")
        height = try decoder.decodeUInt64(field + ".height")
        blockHash = try Digest(from: &decoder, field: field + ".blockHash")
        extensionDigest = try Digest(from: &decoder, field: field + ".extensionDigest")
    }

    /// Signs this vote in ``SigningDomain/consensusVote``.
    public func signed(by key: SigningKey) -> SignedVote {
        SignedVote(vote: self, voter: key.publicKey, signature: key.sign(canonicalBytes, domain: .consensusVote))
    }
}
