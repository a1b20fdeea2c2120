import Foundation
import SynodConsensus
import SynodCore
import SynodLearning
import SynodLedger
import SynodSPDL
import SynodSimulator

/// SPDL on the PBFT engine in the deterministic network simulator
/// (`Simulation<Adversarial<SPDLApplication>>`):
/// N replicas with real Ed25519 signatures, virtual network latency, PREPARE/COMMIT messages, view
/// changes and timers; the last K members Byzantine at the application level (attack vectors as
/// their extensions, forged Δ or equivocation as primary), with the simulator's omniscient attacker.
public struct SPDLEngineSimulation {
    /// A one-line description of how the runs are driven, for reports.
    public static let driverDescription =
        "PBFT engine (SPDLApplication on SynodConsensus.PBFTReplica in SynodNetwork.Simulation: real Ed25519, PREPARE/COMMIT messages, gradients as vote extensions, virtual network latency 1 ms + Exp(4 ms))"

    /// The outcome of a run.
    public struct Summary: Sendable, Codable {
        /// Per-round metrics of the reference honest replica (times: its CPU seconds).
        public var rounds: [SPDLRoundMetrics]
        /// Test error after the last round.
        public var finalTestError: Double
        /// The lowest evaluated test error.
        public var bestTestError: Double
        /// Whether every honest replica has the same ledger tip and the same model bits.
        public var honestAgree: Bool
        /// The common ledger tip hash (hex).
        public var tipHash: String
        /// SHA-256 of the final parameters (hex).
        public var parameterDigest: String
        /// Final reputations by replica index.
        public var reputations: [Double]
        /// Ledger directories written (one per honest replica), if any.
        public var ledgerDirectories: [String]
        /// Lowest decided height among honest replicas (rounds + 1 when complete).
        public var decidedHeight: UInt64
        /// View changes over all replicas.
        public var viewChanges: Int
        /// Proposals rejected by followers (all replicas).
        public var rejectedProposals: Int
        /// Virtual (simulated network) time per decided block, seconds.
        public var virtualSecondsPerBlock: Double
        /// Engine invariant violations (agreement, validity, certificates) and application failures.
        public var violations: [String]
        /// A liveness failure, if any.
        public var livenessFailure: String?
        /// Gradients fetched by hash (all replicas).
        public var fetched: Int
        /// Wall-clock seconds of the whole simulation (all replicas share this process).
        public var wallSeconds: Double
        /// Crashes injected by the simulator (restarts rebuild the application from its log and ledger).
        public var crashes: Int
        /// With ``SPDLEngineSimulation/consensusProbe``: that replica's per-round metrics, its
        /// phases in thread CPU seconds (nil otherwise).
        public var probeRounds: [SPDLRoundMetrics]? = nil
        /// With ``SPDLEngineSimulation/consensusProbe``: thread CPU seconds of every step the
        /// simulator handed that replica (verification, receive, ticks), nil otherwise.
        public var probeStepSeconds: Double? = nil
        /// With ``SPDLEngineSimulation/consensusProbe``: the probe's phase seconds after its last
        /// round metric (``SPDLPhase/allCases`` order), nil otherwise.
        public var probeUnattributedPhases: [Double]? = nil
    }

    /// The training configuration.
    public let configuration: SPDLConfiguration
    /// The simulator's parameters.
    public var simulation: SimulationConfiguration
    /// An honest replica, without test evaluation, whose steps and phases are measured in thread
    /// CPU time (`synod bench spdl`); nil: phases in wall-clock time, no step meter.
    public var consensusProbe: Int?
    let train: LabeledImages
    let test: LabeledImages
    let ledgerDirectory: String?

    /// The simulator parameters of an SPDL run of `configuration`: N replicas, real signatures, no
    /// injected faults, latency 1 ms + Exp(4 ms), no block interval, one decided height per round
    /// plus the registration.
    public static func defaultSimulation(_ configuration: SPDLConfiguration) -> SimulationConfiguration {
        var s = SimulationConfiguration()
        s.nodes = configuration.nodeCount
        s.realSignatures = true
        // Each distinct signed consensus message is verified with Ed25519 once in the process,
        // not once per simulated receiver (same outcomes; see docs/spdl.md, "Where the time goes").
        s.sharedSignatureCache = true
        s.heights = UInt64(configuration.rounds) + 1
        s.proposalDelay = 0
        s.faultWindow = 2
        s.livenessBound = 600_000_000
        s.voteExtensions = true
        s.checkpointInterval = 16
        // SPDL Algorithm 1 in the engine's deterministic form (docs/consensus.md, "Leader election"):
        // members with committed reputation 0 are never primary.
        s.election = .vrf
        return s
    }

    /// Prepares a run; `ledgerDirectory`: every honest replica keeps its ledger in `DIR/node-<i>`.
    public init(
        configuration: SPDLConfiguration, train: LabeledImages, test: LabeledImages, ledgerDirectory: String? = nil,
        simulation: SimulationConfiguration? = nil
    ) throws(SPDLError) {
        try configuration.validate()
        self.configuration = configuration
        self.train = train
        self.test = test
        self.ledgerDirectory = ledgerDirectory
        self.simulation = simulation ?? Self.defaultSimulation(configuration)
        guard self.simulation.nodes == configuration.nodeCount, self.simulation.realSignatures else {
            throw SPDLError(
                .invalidConfiguration, "the simulator must run N = \(configuration.nodeCount) with real signatures")
        }
    }

    /// Runs the simulation to the last round and checks agreement of the honest replicas.
    /// `evaluateEvery`: test evaluations on the reference replica (the last round always).
    public func run(evaluateEvery: Int = 10) throws(SPDLError) -> Summary {
        let c = configuration
        let root = SeededRandom(seed: c.seed)
        let partition: Partition
        var data: [LabeledImages] = []
        do {
            partition = try Partitioner.partition(
                train, nodeCount: c.nodeCount, scheme: c.split, seed: root.split("spdl.partition").seed
            ).keepingFirst(fraction: c.trainFraction)
            for i in 0..<c.nodeCount { data.append(try partition.data(of: i, in: train)) }
        } catch { throw SPDLError(.invalidConfiguration, "data split: \(error)") }
        let honest = (0..<c.nodeCount).filter { !c.isByzantine($0) }
        var oracle: SPDLAttackOracle?
        if c.byzantineCount > 0 {
            var oracleNodes: [SPDLNode] = []
            for i in honest {
                var r = root.split("spdl.oracle", UInt64(i))
                var k = root.split("spdl.oracle.key", UInt64(i))
                oracleNodes.append(
                    try SPDLNode(
                        index: i, key: SigningKey(using: &k), vrfKey: VRFSecretKey(using: &r), data: data[i],
                        configuration: c))
            }
            oracle = SPDLAttackOracle(honestNodes: oracleNodes)
        }
        do {
            let placeholder = (0..<c.nodeCount).map { i in
                var k = root.split("spdl.genesis.check", UInt64(i))
                return SigningKey(using: &k).publicKey
            }
            _ = try LedgerState(genesis: SPDLApplication.genesis(members: placeholder, configuration: c))
        } catch { throw SPDLError(.invalidConfiguration, "genesis: \(error)") }
        let reference = honest[0]
        let probe = consensusProbe
        let probeTimer = MeasuringPhaseTimer.threadCPU()
        if let probe, probe == reference || !honest.contains(probe) {
            throw SPDLError(
                .invalidConfiguration, "the consensus probe must be an honest replica other than \(reference)")
        }
        let ledgerDirectory = self.ledgerDirectory
        let dirs = honest.map { i in ledgerDirectory.map { "\($0)/node-\(i)" } }
        let test = self.test
        // Each replica's node (data, x(0)) is built here, so the factory cannot fail; only a ledger
        // directory can, and that is reported in the summary.
        var nodes: [SPDLNode] = []
        for i in 0..<c.nodeCount {
            var k = root.split("spdl.node.key", UInt64(i))
            var r = root.split("spdl.vrf", UInt64(i))
            nodes.append(
                try SPDLNode(
                    index: i, key: SigningKey(using: &k), vrfKey: VRFSecretKey(using: &r), data: data[i],
                    configuration: c))
        }
        let builtNodes = nodes
        let attacker = oracle
        let factory: @Sendable (SimulationMember) -> Adversarial<SPDLApplication> = { member in
            let i = member.replica
            var app: SPDLApplication
            do {
                app = try SPDLApplication(
                    replica: i, key: member.key, members: member.members, configuration: c, node: builtNodes[i])
            } catch {
                // The simulator's member keys are distinct and the genesis was checked before the run.
                preconditionFailure("SPDL genesis rejected after validation: \(error)")
            }
            if let probe, probe == i {
                app.timer = probeTimer
            } else {
                app.timer = MeasuringPhaseTimer.wallClock()
            }
            app.keepsBlocks = ledgerDirectory != nil && !c.isByzantine(i)
            if i == reference { app.evaluator = TestSetEvaluator(test: test, every: evaluateEvery) }
            do { return try SPDLAdversary.member(app, oracle: attacker) } catch {
                // The attack name was checked with the configuration.
                preconditionFailure("SPDL attack rejected after validation: \(error)")
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var sim: Simulation<Adversarial<SPDLApplication>>
        do { sim = try Simulation(configuration: simulation, seed: c.seed, makeApplication: factory) } catch {
            throw SPDLError(.invalidConfiguration, "simulator: \(error)")
        }
        let meter = probe.map { _ in ThreadCPUStepMeter() }
        sim.stepMeter = meter
        let result = sim.run()
        let wall = SPDLRoundMetrics.seconds(clock.now - start)
        let apps = honest.compactMap { sim.application(of: $0)?.honest }
        guard apps.count == honest.count, let ref = sim.application(of: reference)?.honest else {
            throw SPDLError(.operationFailed, "an honest replica is down at the end of the run")
        }
        var violations = result.safetyViolations
        for app in apps { violations += app.failures.map { "replica \(app.replica): \($0)" } }
        for (app, dir) in zip(apps, dirs) {
            guard let dir else { continue }
            do { try app.exportLedger(to: dir) } catch { violations.append("replica \(app.replica): \(error)") }
        }
        let tips = Set(apps.map(\.tip.hash))
        let models = Set(apps.map(\.parameterDigest))
        let errors = ref.roundMetrics.compactMap(\.testError)
        var summary = Summary(
            rounds: ref.roundMetrics, finalTestError: errors.last ?? 1, bestTestError: errors.min() ?? 1,
            honestAgree: tips.count == 1 && models.count == 1 && violations.isEmpty, tipHash: ref.tip.hash.hex,
            parameterDigest: ref.parameterDigest.hex, reputations: (0..<c.nodeCount).map { ref.reputation(of: $0) },
            ledgerDirectories: dirs.compactMap { $0 }, decidedHeight: result.decidedHeight,
            viewChanges: result.metrics.viewChanges, rejectedProposals: result.metrics.rejectedProposals,
            virtualSecondsPerBlock: Double(result.endTime) / 1e6 / Double(max(1, result.decidedHeight)),
            violations: violations, livenessFailure: result.livenessFailure,
            fetched: apps.map(\.fetched).reduce(0, +), wallSeconds: wall, crashes: result.crashes)
        if let probe, let meter {
            summary.probeRounds = sim.application(of: probe)?.honest.roundMetrics
            summary.probeStepSeconds = meter.seconds(of: probe)
            summary.probeUnattributedPhases = SPDLPhase.allCases.map { probeTimer.take($0) }
        }
        return summary
    }
}
