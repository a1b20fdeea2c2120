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
            BenchCommand.self,
            DataCommand.self,
            DemoCommand.self,
            KeygenCommand.self,
            ModelsCommand.self,
            TrainCommand.self,
        ]
    )
}
