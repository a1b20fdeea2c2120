import ArgumentParser
import Foundation
import SynodLab
import SynodLearning
import SynodSPDL

/// `synod bench spdl`: T_BC, one replica's consensus CPU time per round of SPDL on the PBFT
/// engine (the paper's Fig. 4 "blockchain consensus" time), in the simulator with real Ed25519 and
/// no shared signature cache, so the probe replica verifies every message itself as a node does.
struct BenchSPDLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spdl",
        abstract: "T_BC: one SPDL replica's consensus CPU time per round on the engine (JSON).",
        discussion: """
            The probe (honest replica 1, no test evaluation) has every step the simulator hands it
            metered in thread CPU time: signature verification of each delivered message, receive,
            timer ticks. T_BC = that time minus its local-gradient and gradient-exchange phases
            (T_LGC, T_GE: Algorithm 2 and the extensions' checks), per round. It includes the
            engine's vote signing and verification, the certificate checks, the proposal (GAR) or
            its validation (GAR recomputation) and the ledger execution. Target: ≤ 10 ms at N = 30.
            """
    )

    @Option(help: "Number of nodes N.") var nodes: Int = 30
    @Option(help: "Rounds T.") var rounds: Int = 10
    @Option(help: "Use only the first N training images.") var trainLimit: Int = 6000
    @Option(help: "Root seed.") var seed: UInt64 = 1
    @Option(help: "Data set directory (default: $SYNOD_DATA_DIR or /usr/share/datasets/fashion-mnist).")
    var dataDir: String?

    func validate() throws {
        guard (4...100).contains(nodes) else { throw ValidationError("--nodes must be in 4…100, got \(nodes)") }
        guard (2...1000).contains(rounds) else { throw ValidationError("--rounds must be in 2…1000, got \(rounds)") }
        guard trainLimit >= nodes else { throw ValidationError("--train-limit must be ≥ --nodes") }
    }

    func run() throws {
        var c = SPDLConfiguration()
        c.nodeCount = nodes
        c.rounds = rounds
        c.seed = seed
        c.byzantineCount = 0
        c.split = .iid
        let data: (train: LabeledImages, test: LabeledImages)
        do { data = try SPDLData.load(directory: dataDir, trainLimit: trainLimit, testCount: 100) } catch {
            throw ValidationError(error.reason)
        }
        var simulation = SPDLEngineSimulation.defaultSimulation(c)
        simulation.sharedSignatureCache = false
        var sim = try SPDLEngineSimulation(configuration: c, train: data.train, test: data.test, simulation: simulation)
        sim.consensusProbe = 1
        let summary = try sim.run(evaluateEvery: rounds)
        let probeRounds = summary.probeRounds ?? []
        let lgc = probeRounds.map(\.tLGC).reduce(0, +)
        let ge = probeRounds.map(\.tGE).reduce(0, +)
        let appBlockchain = probeRounds.map(\.tBC).reduce(0, +)
        let rest = summary.probeUnattributedPhases ?? []
        let restGradient =
            rest.count == SPDLPhase.allCases.count
            ? zip(SPDLPhase.allCases, rest).filter { $0.0 != .blockchain }.map(\.1).reduce(0, +) : 0
        let restBlockchain = zip(SPDLPhase.allCases, rest).filter { $0.0 == .blockchain }.map(\.1).reduce(0, +)
        let steps = summary.probeStepSeconds ?? 0
        let decidedRounds = Double(max(probeRounds.count, 1))
        let tBC = (steps - lgc - ge - restGradient) / decidedRounds
        func ms(_ seconds: Double) -> String { String(format: "%.3f", seconds * 1000) }
        print(
            "{\"benchmark\":\"spdl\",\"nodes\":\(nodes),\"rounds\":\(rounds),\"decidedRounds\":\(probeRounds.count),"
                + "\"probe\":1,\"signatures\":\"ed25519\",\"sharedSignatureCache\":false,"
                + "\"tBCMilliseconds\":\(ms(tBC)),\"stepMillisecondsPerRound\":\(ms(steps / decidedRounds)),"
                + "\"tLGCMilliseconds\":\(ms((lgc + (rest.first ?? 0)) / decidedRounds)),"
                + "\"tGEMilliseconds\":\(ms((ge + restGradient - (rest.first ?? 0)) / decidedRounds)),"
                + "\"applicationBlockchainMilliseconds\":\(ms((appBlockchain + restBlockchain) / decidedRounds)),"
                + "\"targetMilliseconds\":10,\"targetMet\":\(tBC * 1000 <= 10),"
                + "\"viewChanges\":\(summary.viewChanges),\"honestAgree\":\(summary.honestAgree),"
                + "\"wallSeconds\":\(String(format: "%.1f", summary.wallSeconds))}")
        if !summary.honestAgree { throw ExitCode(1) }
    }
}
