import ArgumentParser
import Foundation
import SynodLab
import SynodLearning
import SynodRobust
import SynodSPDL

/// `synod experiment spdl --figure 3|4|5|6|7`: the SPDL paper's figures (§6.2) into
/// `results/spdl-fig-N/` (CSV, JSON summary, SVG, Markdown report); `--grid attacks`: the attack
/// grid into `results/spdl-grid-attacks/` (CSV, JSON, Markdown, SVG heatmap).
struct ExperimentSPDLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spdl",
        abstract: "Reproduce SPDL Figs. 3–7 (test error, latency) or run the attack grid in the simulator.")

    @Option(name: .long, help: "Figure: 3, 4, 5, 6 or 7.")
    var figure: Int?

    @Option(
        name: .long, help: "Grid: attacks (N = 10, K = 3 and N = 20, K = 6; 9 attacks × 4 GARs, each beside K = 0).")
    var grid: String?

    @Option(
        name: .long,
        help:
            "Parameter set: paper (§6.1: ε 0.02, δ 1e-6, Lemma 1, Krum f = ⌊0.33N⌋, iid, silent = 0) or code (reference code)."
    )
    var settings = "code"

    @Option(name: .long, help: "GAR of the SPDL series (default: the settings').")
    var gar: String?

    @Option(name: .long, help: "f given to the GAR of the SPDL series (default: the settings').")
    var garF: Int?

    @Option(name: .long, help: "DP calibration of the noised series: code, lemma1, dpsgd or none.")
    var dp: String?

    @Option(name: .long, help: "ε of the noised series (default: the settings').")
    var epsilon: Double?

    @Option(name: .long, help: "δ (default: the settings').")
    var delta: Double?

    @Option(name: .long, help: "Reputation reference: aggregate (paper, π/2 from Δ) or median (robust).")
    var reputationReference: String?

    @Flag(name: .long, help: "A small version that runs in seconds.")
    var quick = false

    @Flag(name: .long, help: "Print the JSON summary.")
    var json = false

    @Option(name: .long, help: "Keep every series' honest ledgers under DIR/series-<k>/node-<i>.")
    var ledgerDir: String?

    @Option(name: .long, help: "Output directory (default results/spdl-fig-N).")
    var out: String?

    @Option(name: .long, help: "Rounds per series (figures: 100 as the paper; grid: 40).")
    var rounds: Int?

    @Option(
        name: .long,
        help: "Data split (figures: the code's one-class; grid and --settings paper: iid, the paper's equal groups).")
    var split: String?

    @Option(name: .long, help: "Root seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Data set directory.")
    var dataDir: String?

    @Option(
        name: .long,
        help: "Series run in parallel (default: the number of active cores); results do not depend on it.")
    var workers: Int?

    func validate() throws {
        if let workers {
            guard (1...256).contains(workers) else { throw ValidationError("--workers must be in 1...256") }
        }
        switch (figure, grid) {
        case (let figure?, nil):
            guard (3...7).contains(figure) else { throw ValidationError("--figure must be 3, 4, 5, 6 or 7") }
        case (nil, let grid?):
            guard grid == "attacks" else { throw ValidationError("--grid must be 'attacks', got '\(grid)'") }
        default: throw ValidationError("give exactly one of --figure N or --grid attacks")
        }
        if let rounds {
            guard (1...10_000).contains(rounds) else { throw ValidationError("--rounds must be in 1...10000") }
        }
        if let split {
            guard PartitionScheme(argument: split) != nil else { throw ValidationError("unknown --split '\(split)'") }
        }
        guard SPDLSettings(argument: settings) != nil else {
            throw ValidationError("--settings must be paper or code, got '\(settings)'")
        }
        _ = try overrides()
    }

    /// The overrides of the command line, checked.
    func overrides() throws -> SPDLOverrides {
        var o = SPDLOverrides()
        if let gar {
            guard (try? AggregatorRegistry.descriptor(named: gar)) != nil else {
                throw ValidationError(
                    "unknown --gar '\(gar)' (\(AggregatorRegistry.all.map(\.name).joined(separator: ", ")))")
            }
            o.gar = gar
        }
        if let garF {
            guard (0...1000).contains(garF) else { throw ValidationError("--gar-f must be in 0...1000") }
            o.garF = garF
        }
        if let dp {
            guard let privacy = SPDLPrivacy(argument: dp) else {
                throw ValidationError("--dp must be one of code, lemma1, dpsgd, none; got '\(dp)'")
            }
            o.privacy = privacy
        }
        if let epsilon {
            guard epsilon > 0, epsilon.isFinite else { throw ValidationError("--epsilon must be finite and > 0") }
            o.epsilon = epsilon
        }
        if let delta {
            guard delta > 0, delta < 1 else { throw ValidationError("--delta must be in (0, 1)") }
            o.delta = delta
        }
        if let reputationReference {
            guard let reference = ReputationReference(argument: reputationReference) else {
                throw ValidationError("--reputation-reference must be aggregate or median")
            }
            o.reputationReference = reference
        }
        return o
    }

    func run() throws {
        let settings = SPDLSettings(argument: settings)!
        let overrides = try overrides()
        var base = SPDLConfiguration()
        base.rounds = rounds ?? (grid == nil ? 100 : 40)
        base.seed = seed
        let defaultSplit = grid == nil && settings == .code ? "one-class" : "iid"
        base.split = PartitionScheme(argument: split ?? defaultSplit)!
        let command = CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        // With --json, stdout carries only the JSON summary; per-series progress goes to stderr.
        let toStandardError = json
        let progress: @Sendable (String) -> Void = { line in
            if toStandardError {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            } else {
                print(line)
            }
        }
        let workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let data: (train: LabeledImages, test: LabeledImages)
        do {
            data = try SPDLData.load(directory: dataDir, trainLimit: quick ? 6000 : nil, testCount: quick ? 500 : 2000)
        } catch { throw ValidationError(error.reason) }
        let directory: String
        let summaryFile: String
        if let figure {
            var specs: [SPDLExperiment.SeriesSpec]
            do {
                specs = try SPDLExperiment.series(
                    figure: figure, quick: quick, base: base, settings: settings, overrides: overrides)
            } catch { throw ValidationError(error.reason) }
            if split != nil { for i in specs.indices { specs[i].configuration.split = base.split } }
            directory = out ?? "results/spdl-fig-\(figure)\(quick ? "-quick" : "")\(settings == .paper ? "-paper" : "")"
            let results = SPDLExperiment.run(
                specs, train: data.train, test: data.test, ledgerDirectory: ledgerDir, evaluateEvery: 1,
                workers: workers, progress: progress)
            do {
                try SPDLExperiment.write(figure: figure, results: results, to: directory, command: command)
            } catch { throw ValidationError(error.reason) }
            summaryFile = "summary.json"
        } else {
            let cells: [SPDLAttackGrid.Cell]
            do {
                if quick { base.rounds = min(base.rounds, 4) }
                cells = try SPDLAttackGrid.cells(
                    base: base, settings: settings, overrides: overrides,
                    sizes: quick ? [(nodes: 7, byzantine: 2)] : SPDLAttackGrid.sizes)
            } catch { throw ValidationError(error.reason) }
            directory = out ?? "results/spdl-grid-attacks\(quick ? "-quick" : "")\(settings == .paper ? "-paper" : "")"
            let output = directory
            let results = SPDLAttackGrid.run(
                cells, train: data.train, test: data.test, workers: workers, progress: progress,
                finished: { partial in
                    // The files hold every finished cell, so an interrupted grid keeps what it measured.
                    try? SPDLAttackGridReport.write(partial, to: output, command: command, settings: settings)
                })
            do {
                try SPDLAttackGridReport.write(results, to: directory, command: command, settings: settings)
            } catch { throw ValidationError(error.reason) }
            summaryFile = "grid.json"
        }
        if json {
            print(
                String(
                    decoding: try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(summaryFile)")), as: UTF8.self))
        } else {
            print(
                "wrote \(directory)/"
                    + (figure == nil
                        ? "{grid.csv,grid.json,grid.md,heatmap.svg}"
                        : "{results.csv,summary.json,figure.svg,report.md}"))
        }
    }
}
