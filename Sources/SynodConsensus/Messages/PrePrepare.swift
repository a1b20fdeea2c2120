import SynodCore

/// PBFT PRE-PREPARE (Castro & Liskov §4.2): the primary of `view` proposes `proposal` for
/// `height`. It carries the commit certificate of block `height − 1` (SmartBFT
/// `prev_commit_signatures`, Sawtooth's seal) so the chain of certificates is unbroken, and,
/// under VRF election, the primary's proof of election (SPDL Alg. 1).
public struct PrePrepare<Proposal: ConsensusProposal>: Hashable, Sendable, CanonicalCodable {
    /// The view.
    public let view: UInt64
    /// The height.
    public let height: UInt64
    /// The proposal.
    public let proposal: Proposal
    /// Commit certificate of the block at `height − 1` (`nil` only at height 1).
    public let previousCertificate: QuorumCertificate?
    /// Election proof bytes (empty for round-robin; a VRF proof for ``VRFElection``).
    public let electionProof: [UInt8]
    /// The proposal's digest (computed once).
    public let digest: Digest

    /// Creates a PRE-PREPARE.
    public init(
        view: UInt64, height: UInt64, proposal: Proposal, previousCertificate: QuorumCertificate?,
        electionProof: [UInt8] = []
    ) {
        self.view = view
        self.height = height
        self.proposal = proposal
        self.previousCertificate = previousCertificate
        self.electionProof = electionProof
        self.digest = proposal.proposalDigest
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(view)
        encoder.encode(height)
        proposal.encode(to: &encoder)
        encoder.encode(optional: previousCertificate)
        encoder.encode(bytes: electionProof)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let view = try decoder.decodeUInt64(field + ".view")
        let height = try decoder.decodeUInt64(field + ".height")
        let proposal = try Proposal(from: &decoder, field: field + ".proposal")
        let certificate = try decoder.decodeOptional(QuorumCertificate.self, field + ".previousCertificate")
        let proof = try decoder.decodeBytes(field + ".electionProof", maxCount: 1024)
        self.init(
            view: view, height: height, proposal: proposal, previousCertificate: certificate, electionProof: proof)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.view == rhs.view && lhs.height == rhs.height && lhs.digest == rhs.digest
            && lhs.previousCertificate == rhs.previousCertificate && lhs.electionProof == rhs.electionProof
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(view)
        hasher.combine(height)
        hasher.combine(digest)
    }
}
