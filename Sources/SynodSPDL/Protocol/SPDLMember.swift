import SynodCore

/// What every replica knows about a member when it checks a round: identity, keys and the
/// reputation in force (from the last committed block).
public struct SPDLMember: Hashable, Sendable {
    /// The node ID.
    public let id: NodeID
    /// The Ed25519 key gradients and votes are signed with.
    public let publicKey: PublicKey
    /// The ECVRF public key of Algorithm 1 (`nil` if the ledger's bytes are not a valid key).
    public let vrfPublicKey: VRFPublicKey?
    /// r ∈ [0, 1].
    public let reputation: Double

    /// Creates a member record.
    public init(id: NodeID, publicKey: PublicKey, vrfPublicKey: VRFPublicKey?, reputation: Double) {
        self.id = id
        self.publicKey = publicKey
        self.vrfPublicKey = vrfPublicKey
        self.reputation = reputation
    }
}
