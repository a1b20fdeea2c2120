import ArgumentParser
import Foundation
import SynodContracts

/// `synod experiment contracts --table 1`: seed 001's Table I (on-chain linear regression) in
/// Synod's fuel, through the contract ledger module.
struct ExperimentContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract:
            "Seed 001 Table I: the linear-regression contract's fuel per addData, per train() and for the full run.")

    @Option(name: .long, help: "1 (Table I) or layer2 (on-chain against Layer-2 cost).")
    var table: String

    @Flag(name: .long, help: "Print the JSON result to stdout.")
    var json = false

    @Option(name: .long, help: "Output directory (default results/contracts-table-1).")
    var out: String?

    @Option(name: .long, help: "Directory holding linear_model.wat (default: the repository's Contracts/).")
    var contracts: String?

    @Option(name: .long, help: "Seed of the chain's member keys.")
    var seed: UInt64 = 1

    func validate() throws {
        guard table == "1" || table == "layer2" else {
            throw ValidationError("--table must be 1 or layer2, got '\(table)'")
        }
    }

    func run() throws {
        let outDir = out ?? "results/contracts-table-\(table)"
        let command = "synod experiment contracts --table \(table)"
        if table == "layer2" { return try runLayer2(outDir: outDir, command: command) }
        let result = try ContractsTableExperiment.run(directory: contracts, seed: seed)
        try ContractsTableReport.write(result, directory: outDir, command: command)
        if json {
            print(try ContractsTableReport.json(result))
        } else {
            print(ContractsTableReport.markdown(result, command: command))
        }
        FileHandle.standardError.write(Data("wrote \(outDir)/results.json, results.csv, report.md\n".utf8))
    }

    private func runLayer2(outDir: String, command: String) throws {
        let rows = try Layer2CostExperiment.run(seed: seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = String(decoding: try encoder.encode(rows), as: UTF8.self)
        let markdown = "Command: `\(command)`\n\n" + Layer2CostExperiment.markdown(rows) + "\n"
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        try Data(json.utf8).write(to: URL(fileURLWithPath: outDir + "/results.json"))
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: outDir + "/report.md"))
        print(self.json ? json : markdown)
        FileHandle.standardError.write(Data("wrote \(outDir)/results.json, report.md\n".utf8))
    }
}
