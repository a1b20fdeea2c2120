import ArgumentParser

/// `synod experiment …`: reproduce a paper's tables and figures into `results/<name>/`.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment", abstract: "Reproduce a paper's experiments (CSV, JSON, Markdown report).",
        subcommands: [
            // One subcommand per line (this list is merged with git's union driver).
            ExperimentContractsCommand.self,
            ExperimentPoQICommand.self,
            ExperimentPoUWCommand.self,
            ExperimentSPDLCommand.self,
        ])
}
