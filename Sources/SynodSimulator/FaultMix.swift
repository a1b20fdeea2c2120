/// Named fault mixes the seed sweeps cycle through (loss up to 30 %,
/// duplication, reordering, partitions, crash-restart with torn writes, up to f Byzantine).
public struct FaultMix: Sendable, Hashable {
    /// The mix's name.
    public let name: String
    /// Applies the mix to a configuration with `nodes` replicas.
    public let apply: @Sendable (inout SimulationConfiguration) -> Void

    public static func == (lhs: FaultMix, rhs: FaultMix) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Creates a mix.
    public init(_ name: String, _ apply: @escaping @Sendable (inout SimulationConfiguration) -> Void) {
        self.name = name
        self.apply = apply
    }

    /// The CI mixes, in sweep order.
    public static let all: [FaultMix] = [
        FaultMix("clean") { _ in },
        FaultMix("loss-30") { $0.dropProbability = 0.3 },
        FaultMix("duplicate-reorder") {
            $0.duplicateProbability = 0.3
            $0.latencyMean = 20_000
        },
        FaultMix("partitions") { $0.partitions = true },
        FaultMix("crash-restart") { $0.crashes = true },
        FaultMix("loss-partitions-crashes") {
            $0.dropProbability = 0.1
            $0.duplicateProbability = 0.1
            $0.partitions = true
            $0.crashes = true
        },
        FaultMix("byzantine-equivocate") {
            $0.byzantine = .equivocate; $0.byzantineCount = $0.faults
        },
        FaultMix("byzantine-conflicting-votes") {
            $0.byzantine = .conflictingVotes; $0.byzantineCount = $0.faults
        },
        FaultMix("byzantine-invalid-proposal") {
            $0.byzantine = .invalidProposal; $0.byzantineCount = $0.faults
        },
        FaultMix("byzantine-silent") {
            $0.byzantine = .silent; $0.byzantineCount = $0.faults
        },
        FaultMix("byzantine-replay") {
            $0.byzantine = .replay; $0.byzantineCount = $0.faults
        },
        FaultMix("byzantine-forged-view-change") {
            $0.byzantine = .forgedViewChange; $0.byzantineCount = $0.faults
        },
        FaultMix("byzantine-flood") {
            $0.byzantine = .flood; $0.byzantineCount = $0.faults
        },
        FaultMix("twins") {
            $0.byzantine = .twins; $0.byzantineCount = 1
        },
        FaultMix("everything") {
            $0.dropProbability = 0.15
            $0.duplicateProbability = 0.1
            $0.partitions = true
            $0.crashes = true
            $0.byzantine = .mixed
            $0.byzantineCount = $0.faults
        },
    ]
}

/// Runs many seeds and summarizes them (`synod sim consensus`, the CI sweep, the soak).
public struct SimulationSweep: Sendable {
    /// The summary printed by `synod sim consensus --json`.
    public struct Summary: Sendable, Hashable {
        /// Runs performed.
        public var runs = 0
        /// Sum over runs of the lowest honest decided height.
        public var decidedHeights: UInt64 = 0
        /// Runs with a safety violation.
        public var safetyViolations = 0
        /// Runs that missed the liveness bound.
        public var livenessFailures = 0
        /// The first failing seed, if any.
        public var firstFailingSeed: UInt64?
        /// Its first failure message.
        public var firstFailure: String?
        /// Crashes injected over all runs.
        public var crashes = 0
        /// Torn writes injected over all runs.
        public var tornWrites = 0
        /// Events processed over all runs.
        public var events = 0

        /// Creates an empty summary.
        public init() {}

        /// Adds one run.
        public mutating func add(_ result: SimulationResult) {
            runs += 1
            decidedHeights += result.decidedHeight
            if !result.safetyViolations.isEmpty { safetyViolations += 1 }
            if result.livenessFailure != nil { livenessFailures += 1 }
            crashes += result.crashes
            tornWrites += result.tornWrites
            events += result.events
            if !result.passed, firstFailingSeed == nil {
                firstFailingSeed = result.seed
                firstFailure = result.safetyViolations.first ?? result.livenessFailure
            }
        }
    }

    /// The configuration of seed `seed` in the CI sweep: N cycles through `nodeCounts`, the
    /// fault mix through ``FaultMix/all``.
    public static func sweepConfiguration(
        seed: UInt64, nodeCounts: [Int] = [4, 7, 10], base: SimulationConfiguration = SimulationConfiguration()
    ) -> (SimulationConfiguration, FaultMix) {
        var configuration = base
        configuration.nodes = nodeCounts[Int(seed % UInt64(nodeCounts.count))]
        let mix = FaultMix.all[Int((seed / UInt64(nodeCounts.count)) % UInt64(FaultMix.all.count))]
        mix.apply(&configuration)
        return (configuration, mix)
    }
}
