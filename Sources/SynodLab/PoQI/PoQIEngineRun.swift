import SynodConsensus
import SynodCore
import SynodPoQI
import SynodSimulator

/// Runs PoQI on the PBFT engine in the deterministic simulator (`Simulation<Adversarial<PoQIApplication>>`):
/// N replicas with real Ed25519 signatures (the ledger checks commit certificates), the
/// simulator's network latency and optionally its faults, each replica appending to its own
/// in-memory SynodLedger.
public enum PoQIEngineRun {
    /// What to run.
    public struct Options: Sendable, Hashable {
        /// Replica indices whose vote extensions carry faulty vectors.
        public var faulty: [Int] = []
        /// What faulty replicas send.
        public var byzantine = ByzantinePrediction()
        /// PoQI rules.
        public var parameters = PoQIParameters.paper
        /// Samples per block (B).
        public var batchSize = 16
        /// Blocks covered by one vote extension (L).
        public var lookahead = 3
        /// Seed of the simulation (keys, network, faults).
        public var seed: UInt64 = 1
        /// Simulator parameters (nodes, heights, realSignatures and livenessBound are set by the run).
        public var simulation = SimulationConfiguration()
        /// Ledger directories per replica (`dir/node-i`), or nil for in-memory ledgers.
        public var ledgerRoot: String? = nil

        /// Defaults: paper rules, B = 16, L = 3, no faults, no block interval.
        public init() {
            simulation.proposalDelay = 0
            simulation.faultWindow = 2_000
        }
    }

    /// What happened.
    public struct Result: Sendable {
        /// `finalClasses[replica][sample]`, −1 where the replica decided nothing.
        public var finalClasses: [[Int]]
        /// The replicas that were not faulty.
        public var honest: [Int]
        /// The simulator's verdict (invariants, liveness, metrics).
        public var simulation: SimulationResult
        /// Decided blocks (lowest honest height).
        public var blocks: UInt64
        /// Whether every honest replica holds the same ledger block hash at every common height.
        public var identicalLedgers: Bool
        /// PoQI attempts per sample (first honest replica).
        public var attemptsPerSample: Double
        /// Samples decided by Group of Experts / Most Honest (first honest replica).
        public var conflictSamples: Int
        /// PoQI views skipped because the primary's prediction was not certified.
        public var skippedViews: Int
        /// R after the last block (first honest replica).
        public var points: [Double]
        /// Ledger errors reported by applications (must be empty).
        public var errors: [String]
        /// Per replica (nil while down at the end): how many finalized blocks it executed how many
        /// times (``PoQIApplication/executionsPerBlock``).
        public var executionsPerBlock: [[Int: Int]?] = []
    }

    /// Runs over `predictions[replica][sample]` with validation `accuracies`.
    public static func run(
        predictions: [[[Float]]], accuracies: [Double], classCount: Int, options: Options
    ) throws(PoQIError) -> Result {
        let n = predictions.count
        let samples = predictions.first?.count ?? 0
        guard n >= 1, accuracies.count == n, predictions.allSatisfy({ $0.count == samples }) else {
            throw PoQIError(.sizeMismatch, "\(n) prediction sets, \(accuracies.count) accuracies")
        }
        guard options.faulty.allSatisfy({ (0..<n).contains($0) }), Set(options.faulty).count < n else {
            throw PoQIError(.invalidArgument, "faulty replicas \(options.faulty.sorted()) do not fit \(n) replicas")
        }
        guard (1...1024).contains(options.batchSize), (1...16).contains(options.lookahead),
            options.batchSize * options.lookahead <= PoQIPredictionSet.maxSamples
        else { throw PoQIError(.invalidArgument, "batch size must be in 1...1024 and lookahead in 1...16") }
        for (node, rows) in predictions.enumerated() {
            for (s, p) in rows.enumerated() {
                try ValidatorDecision.validate(p, classCount: classCount, what: "node \(node) sample \(s)")
            }
        }
        try options.parameters.validate()
        let configuration = PoQIChainConfiguration(
            parameters: options.parameters, accuracies: accuracies, classCount: classCount, streamLength: samples)
        let blocksNeeded = options.lookahead + (samples + options.batchSize - 1) / options.batchSize
        var sim = options.simulation
        sim.nodes = n
        sim.heights = UInt64(blocksNeeded)
        sim.realSignatures = true
        sim.livenessBound = max(sim.livenessBound, UInt64(blocksNeeded) * 2_000_000)
        let observer = PoQIObserver()
        let faulty = Set(options.faulty)
        let batch = options.batchSize
        let lookahead = options.lookahead
        let byzantine = options.byzantine
        let seed = options.seed
        let root = options.ledgerRoot
        var simulation: Simulation<Adversarial<PoQIApplication>>
        do {
            simulation = try Simulation<Adversarial<PoQIApplication>>(configuration: sim, seed: options.seed) {
                member in
                // The factory cannot throw; every input was checked above.
                do {
                    let honest = try PoQIApplication(
                        replica: member.replica, key: member.key, members: member.members, configuration: configuration,
                        predictions: predictions[member.replica], batchSize: batch, lookahead: lookahead,
                        observer: observer)
                    return PoQIFaultyPredictor.member(
                        honest, faulty: faulty.contains(member.replica) ? byzantine : nil, seed: seed)
                } catch {
                    fatalError("PoQIApplication for replica \(member.replica): \(error)")
                }
            }
        } catch {
            throw PoQIError(.invalidArgument, "simulation: \(error)")
        }
        let result = simulation.run()
        if let root {
            for replica in 0..<n {
                guard let ledger = simulation.application(of: replica)?.honest.ledger else { continue }
                do { try ledger.export(to: "\(root)/node-\(replica)") } catch {
                    throw PoQIError(.invalidArgument, "ledger of replica \(replica) in \(root): \(error)")
                }
            }
        }
        let honest = (0..<n).filter { !faulty.contains($0) }
        let finals = (0..<n).map { observer.finalClasses(of: $0, samples: samples) }
        var identical = true
        var hashes: [UInt64: Digest] = [:]
        for r in honest {
            for (h, entry) in observer.entries(of: r) {
                if let existing = hashes[h], existing != entry.blockHash { identical = false }
                hashes[h] = hashes[h] ?? entry.blockHash
            }
        }
        let first = observer.entries(of: honest.first ?? 0)
        let attempts = first.reduce(0) { $0 + $1.entry.attempts }
        let conflicts = first.reduce(0) { $0 + $1.entry.decisions.filter { $0.rule != .primary }.count }
        let skipped = first.reduce(0) { $0 + $1.entry.skippedViews }
        return Result(
            finalClasses: finals, honest: honest, simulation: result, blocks: result.decidedHeight,
            identicalLedgers: identical, attemptsPerSample: samples > 0 ? Double(attempts) / Double(samples) : 0,
            conflictSamples: conflicts, skippedViews: skipped, points: first.last?.entry.points ?? [],
            errors: observer.recordedErrors,
            executionsPerBlock: (0..<n).map { simulation.application(of: $0)?.honest.executionsPerBlock })
    }
}
