import ArgumentParser

/// `synod bench …`: speed measurements, each printing JSON (release builds only give meaningful numbers).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure speed (JSON output; use a release build).",
        subcommands: [
            // One subcommand per line (this list is merged with git's union driver).
            BenchCryptoCommand.self,
            BenchLedgerCommand.self,
            BenchTrainCommand.self,
            BenchConsensusCommand.self,
            BenchSPDLCommand.self,
            BenchGARCommand.self,
            BenchClusterCommand.self,
            BenchContractsCommand.self,
        ]
    )
}
