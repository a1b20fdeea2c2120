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

    @Option(name: .long, help: "1 (the only table).")
    var table: Int

    @Flag(name: .long, help: "Print the JSON result to stdout.")
    var json = false

    @Option(name: .long, help: "Output directory (default results/contracts-table-1).")
    var out: String?

    @Option(name: .long, help: "Directory holding linear_model.wat (default: the repository's Contracts/).")
    var contracts: String?

    @Option(name: .long, help: "Seed of the chain's member keys.")
    var seed: UInt64 = 1

    func validate() throws {
        guard table == 1 else { throw ValidationError("--table must be 1") }
    }

    func run() throws {
        let outDir = out ?? "results/contracts-table-\(table)"
        let command = "synod experiment contracts --table \(table)"
        let result = try ContractsTableExperiment.run(directory: contracts, seed: seed)
        try ContractsTableReport.write(result, directory: outDir, command: command)
        if json {
            print(try ContractsTableReport.json(result))
        } else {
            print(ContractsTableReport.markdown(result, command: command))
        }
        FileHandle.standardError.write(Data("wrote \(outDir)/results.json, results.csv, report.md\n".utf8))
    }
}
