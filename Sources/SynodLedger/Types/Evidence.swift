import SynodCore

/// A proof that one node equivocated: two conflicting messages, both validly signed by it
/// (cf. CometBFT's `DuplicateVoteEvidence`). Applying valid evidence sets the
/// offender's reputation to zero and marks it as penalized.
public enum Evidence: Hashable, Sendable, CanonicalCodable {
    /// Two votes by one voter for the same phase, view and height but different blocks.
    case conflictingVotes(SignedVote, SignedVote)
    /// Two statements by one signer in the same domain whose payloads share their first
    /// `slotLength` bytes (the protocol's slot, e.g. an encoded round number) but differ afterwards.
    /// Protocols that want equivocation evidence encode their slot first in the signed payload.
    case conflictingStatements(SignedStatement, SignedStatement, slotLength: UInt32)

    /// The node the evidence accuses.
    public var offender: PublicKey {
        switch self {
        case .conflictingVotes(let a, _): a.voter
        case .conflictingStatements(let a, _, _): a.signer
        }
    }

    /// Checks that this is a real proof of equivocation; returns the reason it is not, or `nil`.
    public func invalidityReason() -> String? {
        switch self {
        case .conflictingVotes(let a, let b):
            guard a.voter == b.voter else { return "the two votes have different voters" }
            guard a.vote.phase == b.vote.phase, a.vote.view == b.vote.view, a.vote.height == b.vote.height else {
                return "the two votes are for different (phase, view, height): not conflicting"
            }
            guard a.vote.blockHash != b.vote.blockHash else { return "the two votes are for the same block" }
            guard a.isValid else { return "the first vote's signature is invalid" }
            guard b.isValid else { return "the second vote's signature is invalid" }
            return nil
        case .conflictingStatements(let a, let b, let slotLength):
            guard a.signer == b.signer else { return "the two statements have different signers" }
            guard a.domain == b.domain else { return "the two statements are in different domains" }
            let slot = Int(slotLength)
            guard slot <= a.payload.count, slot <= b.payload.count else {
                return "slot length \(slot) exceeds a payload"
            }
            guard a.payload.prefix(slot) == b.payload.prefix(slot) else {
                return "the statements are for different slots"
            }
            guard a.payload != b.payload else { return "the two statements are identical" }
            guard a.isValid else { return "the first statement's signature is invalid" }
            guard b.isValid else { return "the second statement's signature is invalid" }
            return nil
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        switch self {
        case .conflictingVotes(let a, let b):
            encoder.encode(UInt8(1))
            a.encode(to: &encoder)
            b.encode(to: &encoder)
        case .conflictingStatements(let a, let b, let slotLength):
            encoder.encode(UInt8(2))
            a.encode(to: &encoder)
            b.encode(to: &encoder)
            encoder.encode(slotLength)
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        switch try decoder.decodeTag(field + ".tag", known: 1...2) {
        case 1:
            self = .conflictingVotes(
                try SignedVote(from: &decoder, field: field + ".first"),
                try SignedVote(from: &decoder, field: field + ".second"))
        default:
            let a = try SignedStatement(from: &decoder, field: field + ".first")
            let b = try SignedStatement(from: &decoder, field: field + ".second")
            self = .conflictingStatements(a, b, slotLength: try decoder.decodeUInt32(field + ".slotLength"))
        }
    }
}
