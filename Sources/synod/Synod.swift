import ArgumentParser
import SynodCore

/// The `synod` command-line tool: node operations, ledger audits, the lab and benchmarks.
@main
struct Synod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synod",
        abstract: "Byzantine-fault-tolerant decentralized learning and inference on an auditable ledger.",
        version: SynodVersion.string,
        subcommands: [
            // One subcommand per line (this list is merged with git's union driver).
            BenchCommand.self,
            DataCommand.self,
            AggregateCommand.self,
            DPCommand.self,
            KeygenCommand.self,
            VRFCommand.self,
            LedgerCommand.self,
            SimCommand.self,
            FuzzCommand.self,
            ModelsCommand.self,
            TrainCommand.self,
            ZooCommand.self,
            SPDLCommand.self,
            ExperimentCommand.self,
            InitCommand.self,
            GenesisCommand.self,
            NodeCommand.self,
            ClusterCommand.self,
        ]
    )
}
