import SynodConsensus
import SynodCore

/// How a node protocol's replicas choose the primary of a view (`SynodConsensus.LeaderElection`).
public enum NodeElectionRule: String, Hashable, Sendable {
    /// `RoundRobinElection`: primary of view v is member v mod N (Castro & Liskov §4.1, PoQI eq. 1).
    case roundRobin = "round-robin"
    /// `VRFElection`: SPDL Algorithm 1 (paper seed 002, §4.3.2) in the deterministic form of
    /// docs/consensus.md: members with committed reputation > 0, ranked by a seed from the previous
    /// decided block, the primary's ECVRF proof in its PRE-PREPARE. Needs every member's VRF public
    /// key in the genesis.
    case vrf

    /// The election of member `index` (identity `key`) of `genesis` under this rule:
    /// `RoundRobinElection`, or `VRFElection(publicKeys:index:secretKey:cache:)` over the genesis
    /// members' VRF public keys with this node's VRF secret derived from its identity key
    /// (`VRFElection.derivedSecretKey(from:)`). Throws ``NodeError/Code/invalidGenesis`` if the rule
    /// needs VRF keys the genesis lacks, ``NodeError/Code/vrfKeyMismatch`` if the genesis lists
    /// another VRF key for this node (checked for every rule when the genesis has VRF keys).
    public func election(genesis: NodeGenesis, index: Int, key: SigningKey) throws(NodeError) -> any LeaderElection {
        try genesis.checkVRFKey(of: key)
        switch self {
        case .roundRobin:
            return RoundRobinElection()
        case .vrf:
            guard let keys = genesis.vrfPublicKeys else {
                throw NodeError(
                    .invalidGenesis,
                    "genesis.json: protocol '\(genesis.protocolName)' elects its leaders by VRF (SPDL Algorithm 1) "
                        + "and needs every member's vrf_public_key; rebuild the genesis with `synod genesis` "
                        + "or `synod cluster init`")
            }
            do {
                return try VRFElection(
                    publicKeys: keys, index: index, secretKey: VRFElection.derivedSecretKey(from: key),
                    cache: VRFVerificationCache())
            } catch {
                throw NodeError(.vrfKeyMismatch, "genesis.json: \(error)")
            }
        }
    }
}
