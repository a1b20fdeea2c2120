/// How a node protocol's replicas choose the primary of a view (`SynodConsensus.LeaderElection`).
public enum NodeElectionRule: String, Hashable, Sendable {
    /// `RoundRobinElection`: primary of view v is member v mod N (Castro & Liskov §4.1, PoQI eq. 1).
    case roundRobin = "round-robin"
    /// `VRFElection`: SPDL Algorithm 1 (paper seed 002, §4.3.2) in the deterministic form of
    /// docs/consensus.md: members with committed reputation > 0, ranked by a seed from the previous
    /// decided block, the primary's ECVRF proof in its PRE-PREPARE. Needs every member's VRF public
    /// key in the genesis.
    case vrf
}
