import SynodConsensus

/// The outcome of one simulated run.
public struct SimulationResult: Sendable {
    /// The seed.
    public let seed: UInt64
    /// Lowest decided height among honest replicas at the end.
    public let decidedHeight: UInt64
    /// Safety violations found (agreement, validity, certificate soundness, state divergence,
    /// evidence against an honest replica).
    public let safetyViolations: [String]
    /// Why liveness failed, if it did.
    public let livenessFailure: String?
    /// FNV-1a hash of the event trace (same seed ⇒ same hash).
    public let traceHash: UInt64
    /// The trace lines (only when recorded).
    public let trace: [String]
    /// Summed counters of all replicas (honest and Byzantine).
    public let metrics: ConsensusMetrics
    /// Virtual time at the end (µs).
    public let endTime: UInt64
    /// Events processed.
    public let events: Int
    /// Crashes injected (including at durable writes) and torn writes among them.
    public let crashes: Int
    /// Torn writes injected.
    public let tornWrites: Int
    /// Durable writes per node.
    public let writes: [Int]

    /// True if no invariant failed.
    public var passed: Bool { safetyViolations.isEmpty && livenessFailure == nil }
}
