/// The leader-election rule a simulated group runs (`synod sim consensus --election`).
public enum SimulationElection: String, Sendable, Hashable, CaseIterable {
    /// `RoundRobinElection`: primary = v mod N.
    case roundRobin = "round-robin"
    /// `VRFElection` (SPDL Alg. 1, deterministic form) with VRF keys derived from the members'
    /// Ed25519 keys; the ``CounterApplication`` then zeroes the reputation of f members every
    /// 2 heights, so the eligible set changes during the run.
    case vrf
}
