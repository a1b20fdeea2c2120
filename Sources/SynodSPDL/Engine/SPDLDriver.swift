/// Which driver runs SPDL rounds.
public enum SPDLDriver: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``SPDLApplication`` on the PBFT engine in the network simulator (``SPDLEngineSimulation``).
    case engine
    /// The in-process driver (``SPDLSimulation``): the engine's calls without messages or network.
    case direct

    /// A one-line description for reports.
    public var description: String {
        switch self {
        case .engine:
            "PBFT engine (SPDLApplication on SynodConsensus.PBFTReplica in SynodNetwork.Simulation: real Ed25519, PREPARE/COMMIT messages, gradients as vote extensions, virtual network latency 1 ms + Exp(4 ms))"
        case .direct:
            "in-process SPDL driver (SPDLSimulation: propose / validate / commit certificates signed by the accepting honest replicas; no PBFT messages, no network)"
        }
    }
}
