import ArgumentParser
import Foundation
import SynodLab
import SynodLearning
import SynodPoQI
import SynodTensor

/// `synod experiment poqi --table 1|2`: the PoQI paper's Tables I and II on a model zoo.
struct ExperimentPoQICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poqi", abstract: "PoQI (ISCC 2024) Table I (all honest) or Table II (f faulty of N = 5 and 7).")

    @Option(name: .long, help: "1 or 2.")
    var table: Int

    @Flag(name: .long, help: "Tiny run (a quick zoo trained on the fly if --zoo is absent, 300 samples).")
    var quick = false

    @Flag(name: .long, help: "Print the JSON summary to stdout.")
    var json = false

    @Option(name: .long, help: "Output directory (default results/poqi-table-N).")
    var out: String?

    @Option(name: .long, help: "Test samples (default: all; 300 with --quick).")
    var samples: Int?

    @Option(name: .long, help: "Nodes for Table I (default 5).")
    var nodes = 5

    @Option(name: .long, help: "Rejection rule: paper (> 0.5 of validators) or code (> 0.51 of all agents).")
    var rejection = "paper"

    @Option(name: .long, help: "Candidate rule: class, acc or both.")
    var candidates = "class"

    @Option(name: .long, help: "Combination: median or average.")
    var combination = "median"

    @Option(name: .long, help: "Scale of the faulty nodes' random vectors (1 = the reference code's faulty agent).")
    var faultyScale: Float = 1

    @Flag(name: .long, help: "Faulty nodes send the same random vector to everyone (no equivocation).")
    var noEquivocation = false

    @Option(name: .long, help: "Seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Directory holding the IDX files.")
    var dataDir: String?

    @OptionGroup
    var engine: PoQIConfigurationOptions

    @Flag(name: .long, help: "Engine: crash-restart honest replicas during the fault window.")
    var crashes = false

    @Option(name: .long, help: "Engine: message loss probability during the fault window (0...0.5).")
    var dropProbability: Double = 0

    func validate() throws {
        guard table == 1 || table == 2 else { throw ValidationError("--table must be 1 or 2") }
        guard ["paper", "code"].contains(rejection) else { throw ValidationError("--rejection must be paper or code") }
        guard PoQIParameters.CandidateRule(rawValue: candidates) != nil else {
            throw ValidationError("--candidates must be class, acc or both")
        }
        guard PoQIParameters.Combination(rawValue: combination) != nil else {
            throw ValidationError("--combination must be median or average")
        }
        if let samples, samples < 1 { throw ValidationError("--samples must be ≥ 1") }
        guard (1...64).contains(nodes) else { throw ValidationError("--nodes must be in 1...64") }
        try PoQIConfigurationOptions.check(runConfiguration)
        guard dropProbability.isFinite, (0...0.5).contains(dropProbability) else {
            throw ValidationError("--drop-probability must be in 0...0.5")
        }
        guard faultyScale.isFinite, faultyScale > 0 else {
            throw ValidationError("--faulty-scale must be finite and > 0")
        }
    }

    /// The run's configuration: the shared options and the seed.
    var runConfiguration: PoQIRunConfiguration {
        var c = PoQIRunConfiguration()
        engine.apply(to: &c)
        c.seed = seed
        return c
    }

    func run() throws {
        var parameters = PoQIParameters.paper
        if rejection == "code" {
            parameters.rejectionThreshold = 0.51
            parameters.rejectionDenominator = .allAgents
        }
        parameters.candidateRule = PoQIParameters.CandidateRule(rawValue: candidates)!
        parameters.combination = PoQIParameters.Combination(rawValue: combination)!
        let outDir = out ?? "results/poqi-table-\(table)"
        let run = runConfiguration
        var zooDir = engine.zoo
        if zooDir == nil {
            guard quick else {
                throw ValidationError("--zoo DIR is required (train one with `synod zoo train --out DIR`)")
            }
            let dir = outDir + "/zoo"
            log("training a quick zoo into \(dir)")
            let splits = try ZooData.splits(.fashionMNIST, directory: dataDir, quick: true)
            let specs = ZooSpec.standard.map {
                var s = $0; s.epochs = 1; return s
            }
            _ = try ZooTrainer.trainZoo(
                specs, splits: splits, dataset: DatasetName.fashionMNIST.rawValue,
                mean: DatasetName.fashionMNIST.standardMean, std: DatasetName.fashionMNIST.standardStd, directory: dir)
            zooDir = dir
        }
        let (manifest, models) = try ZooModel.loadAll(directory: zooDir!)
        let data = try ZooData.testSet(manifest, directory: dataDir, samples: samples ?? (quick ? 300 : nil))
        log("computing \(models.count) models' predictions on \(data.count) test images")
        let input = try ZooData.experimentInput(models: models, data: data)
        let byzantine = ByzantinePrediction(scale: faultyScale, equivocate: !noEquivocation)
        var options = PoQIEngineRun.Options()
        options.batchSize = run.batch
        options.lookahead = run.lookahead
        if crashes || dropProbability > 0 {
            options.simulation.crashes = crashes
            options.simulation.dropProbability = dropProbability
            options.simulation.faultWindow = 2_000_000
        }
        let result: PoQIExperimentResult
        if table == 1 {
            guard nodes <= models.count else {
                throw ValidationError("--nodes \(nodes) but the zoo has \(models.count) models")
            }
            result = try PoQIExperiment.tableI(
                input.prefix(nodes), parameters: parameters, seed: run.seed, engine: options)
        } else {
            let counts = [5, 7].filter { $0 <= models.count }
            guard !counts.isEmpty else { throw ValidationError("Table II needs a zoo of at least 5 models") }
            result = try PoQIExperiment.tableII(
                input, nodeCounts: counts, byzantine: byzantine, parameters: parameters, seed: run.seed,
                engine: options,
                log: log)
        }
        let command = (["synod"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        try PoQIReport.write(result, directory: outDir, command: command)
        if json { print(try PoQIReport.json(result)) } else { print(PoQIReport.markdown(result, command: command)) }
        log("wrote \(outDir)/results.json, results.csv, report.md")
    }

    private func log(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}
