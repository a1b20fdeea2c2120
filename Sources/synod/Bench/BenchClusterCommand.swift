import ArgumentParser
import Foundation
import SynodNode

/// `synod bench cluster --nodes 4|7 [--seconds S]`: commit latency and throughput of a loopback
/// cluster of real `synod node` processes (JSON).
struct BenchClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Commit latency (p50/p99) and blocks/s of a loopback cluster of node processes (JSON).",
        discussion: """
            Creates a fresh cluster (ledger protocol, no block interval) in a temporary directory, runs it for \
            --seconds, stops it and audits the ledgers. proposerLatencyMillis is propose → decide at the \
            proposer (PRE-PREPARE broadcast to the block being decided and stored in its ledger); \
            decideIntervalMillis is the time between consecutive decisions at a node; blocksPerSecond counts the \
            lowest node's blocks after the first one.
            """)

    @Option(name: .long, help: "Number of nodes (4–64).")
    var nodes = 4

    @Option(name: .long, help: "Run time in seconds.")
    var seconds: Double = 10

    @Option(name: .long, help: "Listen port of node 0.")
    var basePort = 27600

    @Option(
        name: .long, help: ArgumentHelp("Keep the cluster here instead of a temporary directory.", valueName: "dir"))
    var dir: String?

    func validate() throws {
        guard (4...64).contains(nodes) else { throw ValidationError("--nodes must be 4–64") }
        guard seconds > 0, seconds <= 3_600 else { throw ValidationError("--seconds must be in (0, 3600]") }
        guard (1...65_000).contains(basePort) else { throw ValidationError("--base-port must be 1–65000") }
    }

    func run() async throws {
        let directory =
            dir
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("synod-bench-\(UUID().uuidString)").path
        let cluster = try LocalCluster.create(
            directory: directory, nodes: nodes, protocolName: "ledger", basePort: basePort)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let runner = try ClusterRunner(cluster: cluster, executable: ClusterRunner.currentExecutable)
        var options = ClusterRunner.Options(seconds: seconds)
        options.timeoutSeconds = seconds + 60
        let report = try await runner.run(options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        guard report.ok else { throw ExitCode(1) }
    }
}
