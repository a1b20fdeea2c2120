import ArgumentParser
import Foundation
import SynodNode

/// `synod cluster init|run`: local multi-process clusters on loopback.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Create and run local clusters of node processes on loopback.",
        subcommands: [ClusterInitCommand.self, ClusterRunCommand.self])
}

/// `synod cluster init --nodes N --protocol P --dir DIR [--base-port P]`.
struct ClusterInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write N node homes DIR/node-<i> with a shared genesis on loopback ports.")

    @Option(name: .long, help: "Number of nodes (1–64).")
    var nodes = 4

    @Option(name: .long, help: ArgumentHelp("Protocol name (ledger, counter, …).", valueName: "name"))
    var `protocol` = "ledger"

    @Option(name: .long, help: ArgumentHelp("Cluster directory (must not exist or be empty).", valueName: "dir"))
    var dir: String

    @Option(name: .long, help: "Listen port of node 0 (node i listens on base + i, HTTP on base + 100 + i).")
    var basePort = 26600

    @Option(name: .long, help: "Block interval in milliseconds (consensus.proposal_delay_ms).")
    var blockIntervalMs = 0

    func validate() throws {
        guard (1...64).contains(nodes) else { throw ValidationError("--nodes must be 1–64") }
        guard !dir.isEmpty else { throw ValidationError("--dir must not be empty") }
        guard (1...65_000).contains(basePort) else { throw ValidationError("--base-port must be 1–65000") }
        guard (0...600_000).contains(blockIntervalMs) else {
            throw ValidationError("--block-interval-ms must be 0–600000")
        }
        guard NodeProtocolRegistry.standard.names.contains(`protocol`) else {
            throw ValidationError(
                "--protocol '\(`protocol`)' is not one of: \(NodeProtocolRegistry.standard.names.joined(separator: ", "))"
            )
        }
    }

    func run() throws {
        let interval = blockIntervalMs
        let cluster = try LocalCluster.create(
            directory: dir, nodes: nodes, protocolName: `protocol`, basePort: basePort
        ) { _, config in config.proposalDelayMilliseconds = interval }
        print("wrote \(cluster.homes.count) homes under \(dir) (ports \(basePort)–\(basePort + nodes - 1))")
    }
}

/// `synod cluster run DIR [--blocks H | --seconds S] [--kill-one]`.
struct ClusterRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every node of DIR as a process, show progress, stop them, check the ledgers.",
        discussion: """
            Prints progress once a second, then a JSON report. Exit 0 only if every ledger passes the \
            audit, all ledgers are identical up to the lowest height, and every node exited cleanly.
            """)

    @Argument(help: ArgumentHelp("Cluster directory (from synod cluster init).", valueName: "dir"))
    var dir: String

    @Option(name: .long, help: "Stop once every ledger reaches this height.")
    var blocks: UInt64?

    @Option(name: .long, help: "Stop after this many seconds.")
    var seconds: Double?

    @Flag(name: .long, help: "SIGKILL the last node a third of the way and restart it a second later.")
    var killOne = false

    @Option(name: .long, help: "Fail after this many seconds.")
    var timeout: Double = 300

    func validate() throws {
        guard (blocks == nil) != (seconds == nil) else {
            throw ValidationError("give exactly one of --blocks or --seconds")
        }
        if let blocks { guard blocks >= 1 else { throw ValidationError("--blocks must be ≥ 1") } }
        if let seconds { guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds must be > 0") } }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be > 0") }
    }

    func run() async throws {
        let runner = try ClusterRunner(
            cluster: try LocalCluster(directory: dir), executable: ClusterRunner.currentExecutable)
        var options = ClusterRunner.Options(blocks: blocks, seconds: seconds, killOne: killOne)
        options.timeoutSeconds = timeout
        let report = try await runner.run(options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        guard report.ok else { throw ExitCode(1) }
    }
}
