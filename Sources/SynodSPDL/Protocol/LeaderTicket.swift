import SynodCore

/// One node's entry in the VRF leader election (SPDL Algorithm 1, lines 1–3): its ECVRF proof π on
/// the round's seed; the output h = β(π) is what nodes compare.
public struct LeaderTicket: Hashable, Sendable, CanonicalCodable {
    /// The contender.
    public let node: NodeID
    /// The ECVRF proof (RFC 9381) on ``SPDLLeaderElection/seed(previousHash:round:)``.
    public let proof: VRFProof

    /// Creates a ticket.
    public init(node: NodeID, proof: VRFProof) {
        self.node = node
        self.proof = proof
    }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        node.encode(to: &encoder)
        proof.encode(to: &encoder)
    }

    /// Canonical decoding.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        node = try NodeID(from: &decoder, field: field + ".node")
        proof = try VRFProof(from: &decoder, field: field + ".proof")
    }
}
