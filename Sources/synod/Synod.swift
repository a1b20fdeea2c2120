import ArgumentParser
import SynodCore

/// The `synod` command-line tool: the product's face (DESIGN "User journeys").
@main
struct Synod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synod",
        abstract: "Byzantine-fault-tolerant decentralized learning and inference on an auditable ledger.",
        version: SynodVersion.string,
        subcommands: [
            AggregateCommand.self,
            BenchCommand.self,
            DPCommand.self,
            DemoCommand.self,
            KeygenCommand.self,
        ]
    )
}
