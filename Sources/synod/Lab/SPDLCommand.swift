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

    @OptionGroup var options: SPDLConfigurationOptions

    @Option(name: .long, help: "Number of nodes N.")
    var nodes = 4

    @Flag(name: .long, help: "Byzantine nodes send a different vector to every receiver (equivocation).")
    var equivocate = false

    @Option(name: .long, help: "f given to the GAR (default: K).")
    var garF: Int?

    @Option(name: .long, help: "Follower tolerance δ_eq on ‖Δ̃ − Δ‖∞ (0 = bitwise equality).")
    var tolerance: Float = 0

    @Option(name: .long, help: "Data set directory (default: $SYNOD_DATA_DIR or /usr/share/datasets/fashion-mnist).")
    var dataDir: String?

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
        guard (1...100_000).contains(options.rounds) else { throw ValidationError("--rounds must be in 1...100000") }
        guard evaluateEvery >= 1 else { throw ValidationError("--evaluate-every must be ≥ 1") }
        _ = try configuration()
    }

    /// The configuration: the shared options plus the simulator-only ones.
    func configuration() throws -> SPDLConfiguration {
        try options.parameters(nodes: nodes) { c in
            c.equivocate = equivocate
            c.garF = garF
            c.tolerance = tolerance
        }.configuration
    }

    func loadData() throws -> (train: LabeledImages, test: LabeledImages) {
        do {
            return try SPDLData.load(
                directory: dataDir, trainLimit: options.trainLimit > 0 ? options.trainLimit : nil,
                testCount: options.testCount)
        } catch {
            throw ValidationError(error.reason)
        }
    }

    func run() throws {
        let c = try configuration()
        let (train, test) = try loadData()
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
