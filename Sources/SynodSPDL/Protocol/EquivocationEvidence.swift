import SynodCore

/// Proof that one node signed two different gradients for one round on one parent block: both
/// signed commitments, ordered by digest. Two gradients of one round on
/// different parents are not evidence (see ``GradientCommitment/parent``). Recorded on the ledger; the offender's reputation
/// becomes 0, so it can never lead again.
public struct EquivocationEvidence: Hashable, Sendable, CanonicalCodable {
    /// The commitment with the smaller digest.
    public let first: SignedGradient
    /// The commitment with the larger digest.
    public let second: SignedGradient

    /// Orders the two commitments; `nil` unless they are a valid equivocation proof.
    public init?(_ a: SignedGradient, _ b: SignedGradient) {
        let (x, y) = a.payload.digest < b.payload.digest ? (a, b) : (b, a)
        self.first = x
        self.second = y
        guard invalidityReason() == nil else { return nil }
    }

    /// The offender.
    public var offender: NodeID { first.payload.sender }

    /// The round of the two commitments.
    public var round: UInt64 { first.payload.round }

    /// The parent block both commitments name.
    public var parent: Digest { first.payload.parent }

    /// `nil` if this is a valid proof, else why not.
    public func invalidityReason() -> String? {
        guard first.isValidGradient, second.isValidGradient else { return "a signature is invalid" }
        guard first.payload.sender == second.payload.sender else { return "the commitments have different senders" }
        guard first.payload.round == second.payload.round else { return "the commitments are for different rounds" }
        guard first.payload.parent == second.payload.parent else {
            return "the commitments are on different parent blocks (not an equivocation)"
        }
        guard first.payload.digest < second.payload.digest else { return "the digests are equal or not ordered" }
        return nil
    }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        first.encode(to: &encoder)
        second.encode(to: &encoder)
    }

    /// Canonical decoding (does not verify; call ``invalidityReason()``).
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        first = try SignedGradient(from: &decoder, field: field + ".first")
        second = try SignedGradient(from: &decoder, field: field + ".second")
    }
}
