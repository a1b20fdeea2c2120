/// Counters a replica keeps (exported by the node as metrics; summed by the simulator).
public struct ConsensusMetrics: Hashable, Sendable {
    /// Messages handed to the core.
    public var received = 0
    /// Exact duplicates dropped.
    public var duplicates = 0
    /// Messages for past views or heights dropped.
    public var stale = 0
    /// Messages too far ahead (height or view window) dropped.
    public var tooFarAhead = 0
    /// Messages rejected by the verifier (bad signature, malformed certificate) or by a
    /// stateful check (wrong primary, wrong chain).
    public var invalid = 0
    /// Evidence items produced.
    public var evidence = 0
    /// Proposals the application rejected.
    public var rejectedProposals = 0
    /// View changes this replica started.
    public var viewChanges = 0
    /// NEW-VIEWs this replica sent.
    public var newViews = 0
    /// Blocks decided (including by state transfer).
    public var decided = 0
    /// Blocks adopted through state transfer or certificates carried in other messages.
    public var caughtUp = 0
    /// State-transfer requests sent.
    public var syncRequests = 0
    /// Payload fetch requests sent.
    public var payloadRequests = 0
    /// Signatures refused by the double-sign guard.
    public var doubleSignRefused = 0
    /// Checkpoints that became stable.
    public var stableCheckpoints = 0
    /// Stable checkpoints whose state digest differed from ours (divergence: must stay 0).
    public var checkpointMismatches = 0
    /// Own messages re-sent after no progress.
    public var resends = 0
    /// PRE-PREPAREs rejected for a missing or invalid election proof (also counted in `invalid`).
    public var invalidElectionProofs = 0
    /// Progress timeouts that fired while the election had no eligible primary
    /// (``PBFTReplica/electionError``).
    public var noEligiblePrimary = 0
    /// COMMITs sent for blocks decided without this replica's COMMIT in the decision, carrying
    /// the application's ``ReplicatedApplication/extendDecided(_:)`` data.
    public var lateCommits = 0
    /// Signatures (votes, proposals, VIEW-CHANGEs) withheld at heights at or below the voting
    /// fence of a repaired log (``PBFTReplica/votingFence``).
    public var fencedSignatures = 0

    /// Creates zeroed counters.
    public init() {}

    /// Adds another replica's counters.
    public mutating func add(_ other: ConsensusMetrics) {
        received += other.received
        duplicates += other.duplicates
        stale += other.stale
        tooFarAhead += other.tooFarAhead
        invalid += other.invalid
        evidence += other.evidence
        rejectedProposals += other.rejectedProposals
        viewChanges += other.viewChanges
        newViews += other.newViews
        decided += other.decided
        caughtUp += other.caughtUp
        syncRequests += other.syncRequests
        payloadRequests += other.payloadRequests
        doubleSignRefused += other.doubleSignRefused
        stableCheckpoints += other.stableCheckpoints
        checkpointMismatches += other.checkpointMismatches
        resends += other.resends
        invalidElectionProofs += other.invalidElectionProofs
        noEligiblePrimary += other.noEligiblePrimary
        lateCommits += other.lateCommits
        fencedSignatures += other.fencedSignatures
    }
}
