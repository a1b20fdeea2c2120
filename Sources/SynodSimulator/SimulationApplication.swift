import SynodConsensus
import SynodCore

/// An application the simulator can run: it says how a Byzantine primary makes a conflicting or
/// an invalid proposal, and which proposals are valid (the validity invariant). SPDL/PoQI
/// applications conform to run on the same simulator; they are built per replica by the factory
/// given to ``Simulation/init(configuration:seed:makeApplication:)``.
public protocol SimulationApplication: ReplicatedApplication {
    /// A different proposal for the same height that honest replicas would accept.
    static func conflictingVariant(of proposal: Proposal) -> Proposal
    /// A proposal honest replicas must reject.
    static func invalidVariant(of proposal: Proposal) -> Proposal
    /// The validity predicate checked on every decided block.
    static func isValid(_ proposal: Proposal, height: UInt64) -> Bool
    /// Byzantine hook for members that misbehave at the application level (their PBFT core is
    /// honest): the vote extension this replica sends to `receiver` with its COMMIT for block
    /// `digest` at `height`, in place of `original` (the one its core made); `nil` (the default)
    /// sends `original`. The simulator re-signs the COMMIT vote over the new extension's digest,
    /// so each receiver holds a validly signed vote with a different extension: per-receiver
    /// equivocation of vote extensions (SPDL `--equivocate`). Must be deterministic in its
    /// arguments (COMMITs are re-sent).
    func extensionForReceiver(_ receiver: Int, height: UInt64, digest: Digest, original: [UInt8]) -> [UInt8]?
}

extension SimulationApplication {
    /// Byzantine hook, default: every receiver gets the COMMIT's own vote extension.
    public func extensionForReceiver(_ receiver: Int, height: UInt64, digest: Digest, original: [UInt8]) -> [UInt8]? {
        nil
    }
}

/// A simulation application that can build itself from the simulation's parameters alone (no keys,
/// data or protocol configuration), so ``Simulation/init(configuration:seed:)`` can make it.
public protocol StandaloneSimulationApplication: SimulationApplication {
    /// The application of `replica`.
    static func make(replica: Int, memberCount: Int, configuration: SimulationConfiguration) -> Self
}

/// What an application factory is told about the replica it builds (``Simulation/init(configuration:seed:makeApplication:)``).
public struct SimulationMember: Sendable {
    /// The replica index (members are ordered by public key).
    public let replica: Int
    /// The replica's signing key (deterministic from the simulation seed).
    public let key: SigningKey
    /// Every member's public key, by replica index.
    public let members: [PublicKey]
    /// The simulation's parameters.
    public let configuration: SimulationConfiguration
    /// How many times this replica has been booted before (0 at the first boot; a restart after a
    /// crash builds a fresh application, which must recover from its own durable state or from the
    /// decided blocks the engine replays).
    public let restarts: Int

    /// Creates a member description.
    public init(
        replica: Int, key: SigningKey, members: [PublicKey], configuration: SimulationConfiguration, restarts: Int
    ) {
        self.replica = replica
        self.key = key
        self.members = members
        self.configuration = configuration
        self.restarts = restarts
    }
}

extension CounterApplication: StandaloneSimulationApplication {
    public static func make(replica: Int, memberCount: Int, configuration: SimulationConfiguration) -> Self {
        var app = CounterApplication(
            replica: replica, memberCount: memberCount, usesPayloads: true,
            usesVoteExtensions: configuration.voteExtensions)
        if configuration.election == .vrf {
            // Some members reach reputation 0 (never more than f, so ≥ f+1 honest stay eligible).
            app.reputationEpoch = 2
            app.reputationZeroed = configuration.faults
        }
        return app
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

extension Adversarial: SimulationApplication where App: SimulationApplication {
    /// The honest application's conflicting variant.
    public static func conflictingVariant(of proposal: Proposal) -> Proposal { App.conflictingVariant(of: proposal) }
    /// The honest application's invalid variant.
    public static func invalidVariant(of proposal: Proposal) -> Proposal { App.invalidVariant(of: proposal) }
    /// The honest application's validity predicate.
    public static func isValid(_ proposal: Proposal, height: UInt64) -> Bool { App.isValid(proposal, height: height) }
}
