import ArgumentParser
import Foundation
import SynodLab
import SynodLearning
import SynodSPDL

/// `synod experiment spdl --figure 3|4|5|6|7`: the SPDL paper's figures (§6.2) into
/// `results/spdl-fig-N/` (CSV, JSON summary, SVG, Markdown report).
struct ExperimentSPDLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spdl", abstract: "Reproduce SPDL Figs. 3–7 (test error, latency) in the simulator.")

    @Option(name: .long, help: "Figure: 3, 4, 5, 6 or 7.")
    var figure: Int

    @Flag(name: .long, help: "A small version that runs in seconds.")
    var quick = false

    @Flag(name: .long, help: "Print the JSON summary.")
    var json = false

    @Option(name: .long, help: "Keep every series' honest ledgers under DIR/series-<k>/node-<i>.")
    var ledgerDir: String?

    @Option(name: .long, help: "Output directory (default results/spdl-fig-N).")
    var out: String?

    @Option(name: .long, help: "Rounds per series (paper: 100).")
    var rounds = 100

    @Option(name: .long, help: "Data split (reference code: one-class; the paper's text: equal groups, use iid).")
    var split = "one-class"

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
        guard (3...7).contains(figure) else { throw ValidationError("--figure must be 3, 4, 5, 6 or 7") }
        guard (1...10_000).contains(rounds) else { throw ValidationError("--rounds must be in 1...10000") }
        guard PartitionScheme(argument: split) != nil else { throw ValidationError("unknown --split '\(split)'") }
    }

    func run() throws {
        var base = SPDLConfiguration()
        base.rounds = rounds
        base.seed = seed
        base.split = PartitionScheme(argument: split)!
        let specs: [SPDLExperiment.SeriesSpec]
        let data: (train: LabeledImages, test: LabeledImages)
        do {
            specs = try SPDLExperiment.series(figure: figure, quick: quick, base: base)
            data = try SPDLData.load(directory: dataDir, trainLimit: quick ? 6000 : nil, testCount: quick ? 500 : 2000)
        } catch { throw ValidationError(error.reason) }
        let directory = out ?? "results/spdl-fig-\(figure)\(quick ? "-quick" : "")"
        let command = CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        // With --json, stdout carries only the JSON summary; per-series progress goes to stderr.
        let toStandardError = json
        let results = SPDLExperiment.run(
            specs, train: data.train, test: data.test, ledgerDirectory: ledgerDir, evaluateEvery: 1,
            workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
            progress: { line in
                if toStandardError {
                    FileHandle.standardError.write(Data((line + "\n").utf8))
                } else {
                    print(line)
                }
            })
        do {
            try SPDLExperiment.write(
                figure: figure, results: results, to: directory, command: command)
        } catch { throw ValidationError(error.reason) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(
                String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(directory)/summary.json")), as: UTF8.self)
            )
        } else {
            print("wrote \(directory)/{results.csv,summary.json,figure.svg,report.md}")
        }
    }
}
