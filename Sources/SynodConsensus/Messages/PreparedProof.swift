import SynodCore

/// A value prepared at some view: the proposal and its prepared certificate (2f+1 `.prepare`
/// votes of one view). Carried in VIEW-CHANGE so a value prepared in one view is never lost in
/// the next (Castro & Liskov §4.4, the P set; SmartBFT `in_flight_prepared`).
public struct PreparedProof<Proposal: ConsensusProposal>: Hashable, Sendable, CanonicalCodable {
    /// The prepared proposal.
    public let proposal: Proposal
    /// The prepared certificate.
    public let certificate: QuorumCertificate
    /// The proposal's digest.
    public let digest: Digest

    /// Creates a proof (not verified here).
    public init(proposal: Proposal, certificate: QuorumCertificate) {
        self.proposal = proposal
        self.certificate = certificate
        self.digest = proposal.proposalDigest
    }

    /// The view the value was prepared in.
    public var view: UInt64 { certificate.subject?.view ?? 0 }
    /// The height the value was prepared at.
    public var height: UInt64 { certificate.subject?.height ?? 0 }

    public func encode(to encoder: inout CanonicalEncoder) {
        proposal.encode(to: &encoder)
        certificate.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let proposal = try Proposal(from: &decoder, field: field + ".proposal")
        let certificate = try QuorumCertificate(from: &decoder, field: field + ".certificate")
        self.init(proposal: proposal, certificate: certificate)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.digest == rhs.digest && lhs.certificate == rhs.certificate
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}
