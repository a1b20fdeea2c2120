import SynodCore

/// A decided PoQI block: the proposal and the commit certificate (2f+1 signed COMMITs) that
/// finalised it, so anyone can check it offline.
public struct PoQIBlock: Sendable, Hashable, CanonicalCodable {
    /// The signed proposal.
    public var proposal: Signed<PoQIProposal>
    /// The COMMIT quorum certificate on the proposal's hash.
    public var commitCertificate: QuorumCertificate

    /// Creates a block.
    public init(proposal: Signed<PoQIProposal>, commitCertificate: QuorumCertificate) {
        self.proposal = proposal
        self.commitCertificate = commitCertificate
    }

    /// The block hash: SHA-256 of the proposal's payload bytes.
    public var hash: Digest { Digest.sha256(proposal.payloadBytes) }

    /// Canonical encoding.
    public func encode(to e: inout CanonicalEncoder) {
        proposal.encode(to: &e)
        commitCertificate.encode(to: &e)
    }

    /// Strict decoding.
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        proposal = try Signed<PoQIProposal>(from: &d, field: field + ".proposal")
        commitCertificate = try QuorumCertificate(from: &d, field: field + ".commitCertificate")
    }
}
