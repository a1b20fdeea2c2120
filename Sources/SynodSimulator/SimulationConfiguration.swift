/// Parameters of one simulated run. Times are virtual microseconds.
public struct SimulationConfiguration: Sendable, Hashable {
    /// Replicas N.
    public var nodes: Int = 4
    /// Byzantine replicas (≤ f for the invariants to be expected to hold).
    public var byzantineCount: Int = 0
    /// Their behaviour.
    public var byzantine: ByzantineKind? = nil
    /// Minimum decided heights (liveness also requires 2 more after the last fault heals).
    public var heights: UInt64 = 5
    /// Loss probability per message during the fault window.
    public var dropProbability: Double = 0
    /// Duplication probability per message during the fault window.
    public var duplicateProbability: Double = 0
    /// Partitions (symmetric and asymmetric) that form and heal during the fault window.
    public var partitions: Bool = false
    /// Crash-restart of honest replicas, including crashes at durable writes and torn writes.
    public var crashes: Bool = false
    /// Real Ed25519 signatures instead of ``SimulationSignatureScheme``.
    public var realSignatures: Bool = false
    /// One-way latency: minimum.
    public var latencyMinimum: UInt64 = 1_000
    /// One-way latency: mean of the exponential part (reordering comes from its spread).
    public var latencyMean: UInt64 = 4_000
    /// Faults happen in [0, faultWindow); the window length is drawn in [½, 1] × this.
    public var faultWindow: UInt64 = 600_000
    /// After the last fault heals, every honest replica must decide 2 new blocks within this.
    public var livenessBound: UInt64 = 30_000_000
    /// Checkpoint interval K.
    public var checkpointInterval: UInt64 = 4
    /// Block interval (the primary's wait after a decision).
    public var proposalDelay: UInt64 = 40_000
    /// Base progress timeout.
    public var baseTimeout: UInt64 = 300_000
    /// Re-send interval.
    public var resendInterval: UInt64 = 150_000
    /// Vote extensions on.
    public var voteExtensions: Bool = true
    /// A scripted crash at one durable write (crash-point injection at every write, CometBFT
    /// `crashingWAL` style): replica, 0-based index of its write, and whether the write is torn.
    public var writeCrash: WriteCrash? = nil
    /// Record a human-readable trace.
    public var recordTrace: Bool = false
    /// Verify the messages delivered at one virtual instant together with
    /// ``MessageVerifier/verifyBatch(_:)`` (all cores) before handing them to the replicas in
    /// order; the run is identical, only faster in wall time (benchmarks).
    public var parallelVerification: Bool = false
    /// The leader-election rule.
    public var election: SimulationElection = .roundRobin
    /// Decided blocks each replica keeps in memory below its last stable checkpoint (older ones
    /// are served from the node's simulated durable store).
    public var retainedBlocks: UInt64 = 1
    /// With ``realSignatures``: the simulated replicas share one ``SignatureVerificationCache``,
    /// so each distinct signed message is verified with Ed25519 once in the process rather than
    /// once per receiver (same outcomes, less CPU; like the shared VRF cache).
    public var sharedSignatureCache: Bool = false

    /// Creates the default configuration.
    public init() {}

    /// f = ⌊(N−1)/3⌋.
    public var faults: Int { (nodes - 1) / 3 }
}

/// A crash injected at a given durable write of one replica.
public struct WriteCrash: Sendable, Hashable {
    /// The replica.
    public var replica: Int
    /// The 0-based index of the write (over the replica's lifetime, across restarts).
    public var write: Int
    /// Whether only part of the record reaches the disk.
    public var torn: Bool

    /// Creates a crash point.
    public init(replica: Int, write: Int, torn: Bool) {
        self.replica = replica
        self.write = write
        self.torn = torn
    }
}
