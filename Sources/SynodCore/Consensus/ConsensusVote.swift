/// A PBFT vote as it is signed: the shared contract between the consensus engine, which produces
/// votes, and the ledger, which stores and audits commit certificates.
///
/// Signed bytes: `SigningDomain.consensusVote.message(for: canonicalBytes)`.
public struct ConsensusVote: Hashable, Sendable, CanonicalCodable {
    /// The phase a vote belongs to (Castro & Liskov §4.2).
    public enum Phase: UInt8, Hashable, Sendable, CaseIterable {
        case prepare = 1
        case commit = 2
    }

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

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(phase.rawValue)
        encoder.encode(view)
        encoder.encode(height)
        blockHash.encode(to: &encoder)
        extensionDigest.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let tag = try decoder.decodeTag(field + ".phase", known: 1...2)
        phase = Phase(rawValue: tag)!
        view = try decoder.decodeUInt64(field + ".view")
        height = try decoder.decodeUInt64(field + ".height")
        blockHash = try Digest(from: &decoder, field: field + ".blockHash")
        extensionDigest = try Digest(from: &decoder, field: field + ".extensionDigest")
    }

    /// Signs this vote.
    public func signed(by key: SigningKey) -> SignedVote {
        SignedVote(vote: self, voter: key.publicKey, signature: key.sign(canonicalBytes, domain: .consensusVote))
    }
}

/// A vote with its voter and signature.
public struct SignedVote: Hashable, Sendable, CanonicalCodable {
    /// The vote.
    public let vote: ConsensusVote
    /// The voter's public key.
    public let voter: PublicKey
    /// Ed25519 signature over the vote in ``SigningDomain/consensusVote``.
    public let signature: Signature

    /// Wraps a vote and its signature (not verified here).
    public init(vote: ConsensusVote, voter: PublicKey, signature: Signature) {
        self.vote = vote
        self.voter = voter
        self.signature = signature
    }

    /// True if the signature verifies.
    public var isValid: Bool { voter.isValidSignature(signature, for: vote.canonicalBytes, domain: .consensusVote) }

    public func encode(to encoder: inout CanonicalEncoder) {
        vote.encode(to: &encoder)
        voter.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        vote = try ConsensusVote(from: &decoder, field: field + ".vote")
        voter = try PublicKey(from: &decoder, field: field + ".voter")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
