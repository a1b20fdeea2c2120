/// A ``ConsensusVote`` with its voter and signature.
///
/// Encoding (``encodedByteCount`` = 177 bytes): `vote (81) ‖ voter (32) ‖ signature (64)`.
public struct SignedVote: Hashable, Sendable, CanonicalCodable {
    /// The size of one encoded signed vote.
    public static let encodedByteCount = ConsensusVote.encodedByteCount + PublicKey.byteCount + Signature.byteCount

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

    /// True if the signature verifies for `vote.canonicalBytes` in ``SigningDomain/consensusVote``.
    public var isValid: Bool { voter.isValidSignature(signature, for: vote.canonicalBytes, domain: .consensusVote) }

    /// Writes `vote ‖ voter ‖ signature`.
    public func encode(to encoder: inout CanonicalEncoder) {
        vote.encode(to: &encoder)
        voter.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    /// Reads a signed vote (does not verify it).
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        vote = try ConsensusVote(from: &decoder, field: field + ".vote")
        voter = try PublicKey(from: &decoder, field: field + ".voter")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
