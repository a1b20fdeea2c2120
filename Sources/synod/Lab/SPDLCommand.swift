import ArgumentParser
import Foundation
import SynodCore
import SynodLab
import SynodLearning
import SynodRobust
import SynodSPDL

/// `synod spdl …`: SPDL (blockchain-secured, privacy-preserving decentralized learning) runs.
struct SPDLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spdl", abstract: "Run SPDL training (paper seed 002) in the simulator.",
        subcommands: [SPDLRunCommand.self])

}

/// `synod spdl run`.
struct SPDLRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train with N simulated SPDL nodes; prints progress, the test accuracy and the ledger agreement.")

    @OptionGroup var options: SPDLOptions

    @Option(name: .long, help: "Rounds T.")
    var rounds = 100

    @Option(
        name: .long, help: "Keep every honest node's ledger under DIR/node-<i> (for `synod ledger verify/replay`).")
    var ledgerDir: String?

    @Option(name: .long, help: "Evaluate the test error every this many rounds.")
    var evaluateEvery = 10

    @Flag(name: .long, help: "Print a JSON summary instead of progress lines.")
    var json = false

    @Flag(
        name: .long,
        help:
            "Every simulated replica verifies every consensus signature itself (no shared verification cache; same results, slower)."
    )
    var noSignatureCache = false

    func validate() throws {
        guard (1...100_000).contains(rounds) else { throw ValidationError("--rounds must be in 1...100000") }
        guard evaluateEvery >= 1 else { throw ValidationError("--evaluate-every must be ≥ 1") }
        _ = try options.configuration(rounds: rounds)
    }

    func run() throws {
        let c = try options.configuration(rounds: rounds)
        let (train, test) = try options.loadData()
        if !json {
            print(
                "SPDL: N = \(c.nodeCount) (\(c.byzantineCount) Byzantine, attack \(c.attack)\(c.equivocate ? ", equivocating" : "")), "
                    + "GAR \(c.gar), DP \(c.privacy.rawValue) ε = \(c.epsilon), model \(c.model), split \(c.split), "
                    + "batch \(c.batchSize), \(c.rounds) rounds, seed \(c.seed)")
            print("driver: \(SPDLEngineSimulation.driverDescription)")
        }
        if let ledgerDir, FileManager.default.fileExists(atPath: ledgerDir),
            let contents = try? FileManager.default.contentsOfDirectory(atPath: ledgerDir), !contents.isEmpty
        {
            throw ValidationError("--ledger-dir \(ledgerDir) exists and is not empty")
        }
        let start = ContinuousClock.now
        let quiet = json
        let printRound: (SPDLRoundMetrics) -> Void = { m in
            guard !quiet, let e = m.testError else { return }
            print(
                String(
                    format:
                        "round %4d  test accuracy %.4f  loss %.4f  leader %d%@  gradients %d  T_LGC %.2e s  T_GE %.2e s  T_BC %.2e s",
                    m.round + 1, 1 - e, m.loss, m.leader, m.view > 0 ? " (view \(m.view))" : "", m.included, m.tLGC,
                    m.tGE, m.tBC))
        }
        var simulation = SPDLEngineSimulation.defaultSimulation(c)
        simulation.sharedSignatureCache = !noSignatureCache
        let sim = try SPDLEngineSimulation(
            configuration: c, train: train, test: test, ledgerDirectory: ledgerDir, simulation: simulation)
        let summary = try sim.run(evaluateEvery: evaluateEvery)
        summary.rounds.forEach(printRound)
        let elapsed = ContinuousClock.now - start
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(
                String(
                    format:
                        "engine: %d heights decided, %d view changes, %d rejected proposals, %d gradients fetched by hash, %.4f virtual s per block",
                    summary.decidedHeight, summary.viewChanges, summary.rejectedProposals, summary.fetched,
                    summary.virtualSecondsPerBlock))
            for v in summary.violations { print("VIOLATION: \(v)") }
            if let l = summary.livenessFailure { print("LIVENESS: \(l)") }
            print(
                String(
                    format: "final test accuracy %.4f (best %.4f) after %d rounds in %.1f s",
                    1 - summary.finalTestError, 1 - summary.bestTestError, c.rounds,
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            print("reputations: " + summary.reputations.map { String(format: "%.2f", $0) }.joined(separator: " "))
            print(
                summary.honestAgree
                    ? "all \(c.nodeCount - c.byzantineCount) honest ledgers agree: tip \(summary.tipHash.prefix(16)), model \(summary.parameterDigest.prefix(16))"
                    : "DISAGREEMENT among honest replicas")
            for dir in summary.ledgerDirectories.prefix(1) {
                print(
                    "ledgers in \(ledgerDir ?? ""); check with: synod ledger verify \(dir) && synod ledger replay \(dir) --out model.safetensors"
                )
            }
        }
        if !summary.honestAgree || summary.rounds.count < c.rounds { throw ExitCode(1) }
    }
}

/// The options of `synod spdl run`.
struct SPDLOptions: ParsableArguments {
    @Option(name: .long, help: "Number of nodes N.")
    var nodes = 4

    @Option(name: .long, help: "Byzantine nodes K (the last K indices).")
    var byzantine = 1

    @Option(name: .long, help: "Attack: \(SPDLAttacks.names.joined(separator: ", ")).")
    var attack = "constant"

    @Flag(name: .long, help: "Byzantine nodes send a different vector to every receiver (equivocation).")
    var equivocate = false

    @Option(name: .long, help: "DP calibration: code, lemma1, dpsgd or none.")
    var dp = "code"

    @Option(name: .long, help: "Privacy budget ε (reference: 0.04 for SPDL, 0.4 for DP-only).")
    var epsilon = 0.04

    @Option(name: .long, help: "δ.")
    var delta = 1e-5

    @Option(name: .long, help: "Aggregation rule: \(AggregatorRegistry.all.map(\.name).joined(separator: ", ")).")
    var gar = "multi-krum"

    @Option(name: .long, help: "f given to the GAR (default: K).")
    var garF: Int?

    @Option(name: .long, help: "Model: \(ModelRegistry.names.joined(separator: ", ")).")
    var model = "logistic"

    @Option(name: .long, help: "Mini-batch size (one mini-batch per round).")
    var batchSize = 100

    @Option(name: .long, help: "Learning rate γ.")
    var lr: Float = 0.01

    @Option(name: .long, help: "Data split: one-class, iid, shards:K, dirichlet:A.")
    var split = "iid"

    @Option(name: .long, help: "Follower tolerance δ_eq on ‖Δ̃ − Δ‖∞ (0 = bitwise equality).")
    var tolerance: Float = 0

    @Option(name: .long, help: "Root seed of all randomness.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Reputation lost per round by a node whose gradient is > π/2 from Δ.")
    var reputationPenalty = ReputationPolicy().penalty

    @Option(name: .long, help: "Reputation regained per round by a node whose gradient is within π/2 of Δ.")
    var reputationRecovery = ReputationPolicy().recovery

    @Option(name: .long, help: "Data set directory (default: $SYNOD_DATA_DIR or /usr/share/datasets/fashion-mnist).")
    var dataDir: String?

    @Option(name: .long, help: "Use only the first N training images (0 = all).")
    var trainLimit = 0

    @Option(name: .long, help: "Evaluate on the last N test images (reference: 2000).")
    var testCount = 2000

    func configuration(rounds: Int) throws -> SPDLConfiguration {
        var c = SPDLConfiguration()
        c.nodeCount = nodes
        c.byzantineCount = byzantine
        c.attack = attack
        c.equivocate = equivocate
        guard let privacy = SPDLPrivacy(argument: dp) else {
            throw ValidationError("--dp must be one of code, lemma1, dpsgd, none; got '\(dp)'")
        }
        c.privacy = privacy
        c.epsilon = epsilon
        c.delta = delta
        c.gar = gar
        c.garF = garF
        c.model = model
        c.batchSize = batchSize
        c.learningRate = lr
        guard let scheme = PartitionScheme(argument: split) else {
            throw ValidationError("--split must be one-class, iid, shards:K or dirichlet:A; got '\(split)'")
        }
        c.split = scheme
        c.tolerance = tolerance
        guard (0...1).contains(reputationPenalty), (0...1).contains(reputationRecovery) else {
            throw ValidationError("--reputation-penalty and --reputation-recovery must be in [0, 1]")
        }
        c.reputation.penalty = reputationPenalty
        c.reputation.recovery = reputationRecovery
        c.seed = seed
        c.rounds = rounds
        guard trainLimit >= 0, testCount >= 1 else { throw ValidationError("--train-limit ≥ 0 and --test-count ≥ 1") }
        do { try c.validate() } catch { throw ValidationError(error.reason) }
        return c
    }

    func loadData() throws -> (train: LabeledImages, test: LabeledImages) {
        do {
            return try SPDLData.load(
                directory: dataDir, trainLimit: trainLimit > 0 ? trainLimit : nil, testCount: testCount)
        } catch {
            throw ValidationError(error.reason)
        }
    }
}
