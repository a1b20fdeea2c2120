import ArgumentParser
import Foundation
import SynodLab
import SynodPoUW

/// `synod experiment pouw --figure 1|2` or `--setting impossibility`: the faithful reproduction of
/// the PoUW experiment (§IV.D, §IV.B) into `results/pouw-<setting>/` (CSV, JSON, SVG, Markdown).
struct ExperimentPoUWCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pouw",
        abstract: "Reproduce the PoUW paper's Fig. 1 (all honest) or Fig. 2 (pre-solved-problem attack), or §IV.B.")

    @Option(name: .long, help: "Figure: 1 (all honest) or 2 (one Byzantine submitter-miner).")
    var figure: Int?

    @Option(name: .long, help: "Setting: impossibility (§IV.B: 3 nodes, f = 1).")
    var setting: String?

    @Option(name: .long, help: "Rewards: minted (2.5 per block, the paper) or submitter (escrowed bounties, the fix).")
    var funding = "minted"

    @Flag(name: .long, help: "A small version: 200 problems, 3 seeds unless --seed/--seeds.")
    var quick = false

    @Flag(name: .long, help: "Print the JSON result to stdout.")
    var json = false

    @Option(name: .long, help: "One seed (default: --seeds 1..20).")
    var seed: UInt64?

    @Option(name: .long, help: "A seed range A..B (inclusive; default 1..20).")
    var seeds: String?

    @Option(name: .long, help: "Output directory (default results/pouw-figure-N or results/pouw-impossibility).")
    var out: String?

    func validate() throws {
        _ = try resolvedSetting()
        guard RewardFunding(rawValue: funding) != nil else {
            throw ValidationError("--funding must be minted or submitter, got '\(funding)'")
        }
        _ = try seedList()
    }

    /// The setting named by `--figure` or `--setting` (exactly one).
    func resolvedSetting() throws -> PoUWSetting {
        switch (figure, setting) {
        case (1?, nil): return .figure1
        case (2?, nil): return .figure2
        case (let f?, nil): throw ValidationError("--figure must be 1 or 2, got \(f)")
        case (nil, "impossibility"?): return .impossibility
        case (nil, let s?): throw ValidationError("--setting must be impossibility, got '\(s)'")
        default: throw ValidationError("give exactly one of --figure 1|2 or --setting impossibility")
        }
    }

    /// The seeds: `--seed`, `--seeds A..B` (at most 1000), or 1..20 (1..3 with --quick).
    func seedList() throws -> [UInt64] {
        switch (seed, seeds) {
        case (let s?, nil): return [s]
        case (nil, let range?):
            let parts = range.components(separatedBy: "..")
            guard parts.count == 2, let a = UInt64(parts[0]), let b = UInt64(parts[1]), a <= b else {
                throw ValidationError("--seeds must be A..B with A ≤ B, got '\(range)'")
            }
            guard b - a < 1000 else { throw ValidationError("--seeds spans at most 1000 seeds, got '\(range)'") }
            return Array(a...b)
        case (nil, nil): return quick ? [1, 2, 3] : Array(1...20)
        default: throw ValidationError("give at most one of --seed and --seeds")
        }
    }

    func run() throws {
        let setting = try resolvedSetting()
        let funding = RewardFunding(rawValue: funding)!
        let configuration = PoUWExperiment.configuration(setting, funding: funding, problems: quick ? 200 : nil)
        let directory =
            out
            ?? "results/pouw-\(setting.rawValue)\(funding == .submitter ? "-submitter" : "")\(quick ? "-quick" : "")"
        let command = (["synod"] + CommandLine.arguments.dropFirst()).map { $0.contains(" ") ? "'\($0)'" : $0 }
            .joined(separator: " ")
        let result: PoUWExperimentResult
        do {
            result = try PoUWExperiment.run(setting, configuration: configuration, seeds: try seedList()) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            try PoUWReport.write(result, directory: directory, command: command)
        } catch let error as ReproductionError { throw ValidationError(error.description) }
        if json {
            print(try PoUWReport.json(result))
        } else {
            print(PoUWReport.markdown(result, command: command))
        }
        FileHandle.standardError.write(
            Data("wrote \(directory)/{results.csv,results.json,figure.svg,report.md}\n".utf8))
    }
}
