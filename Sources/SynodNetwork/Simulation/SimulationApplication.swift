import SynodConsensus
import SynodCore

/// An application the simulator can run: it says how to build one per replica, how a Byzantine
/// primary makes a conflicting or an invalid proposal, and which proposals are valid (the
/// validity invariant). SPDL/PoQI applications conform to run on the same simulator.
public protocol SimulationApplication: ReplicatedApplication {
    /// The application of `replica`.
    static func make(replica: Int, memberCount: Int, configuration: SimulationConfiguration) -> Self
    /// A different proposal for the same height that honest replicas would accept.
    static func conflictingVariant(of proposal: Proposal) -> Proposal
    /// A proposal honest replicas must reject.
    static func invalidVariant(of proposal: Proposal) -> Proposal
    /// The validity predicate checked on every decided block.
    static func isValid(_ proposal: Proposal, height: UInt64) -> Bool
}

extension CounterApplication: SimulationApplication {
    public static func make(replica: Int, memberCount: Int, configuration: SimulationConfiguration) -> Self {
        CounterApplication(
            replica: replica, memberCount: memberCount, usesPayloads: true,
            usesVoteExtensions: configuration.voteExtensions)
    }

    public static func conflictingVariant(of proposal: CounterBlock) -> CounterBlock {
        CounterBlock(
            height: proposal.height, proposer: proposal.proposer, transactions: proposal.transactions + [999],
            payloads: proposal.payloads)
    }

    public static func invalidVariant(of proposal: CounterBlock) -> CounterBlock {
        CounterBlock(
            height: proposal.height, proposer: proposal.proposer, transactions: proposal.transactions,
            payloads: proposal.payloads, poisoned: true)
    }
}
