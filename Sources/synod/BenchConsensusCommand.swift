import ArgumentParser
import Foundation
import SynodConsensus
import SynodCore
import SynodNetwork

#if canImport(Glibc)
    import Glibc
#endif

/// `synod bench consensus`: decided blocks per second and CPU time per replica per block of the
/// PBFT engine with real Ed25519 signing and verification, all replicas in one process on the
/// simulator with zero network latency (so the numbers are the engine's and the crypto's cost).
struct BenchConsensusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consensus",
        abstract: "PBFT blocks/s and CPU time per replica per block (real Ed25519, zero-latency simulator). JSON."
    )

    @Option(help: "Comma-separated replica counts.") var nodes: String = "4,7,10,20,30"
    @Option(help: "Blocks to decide per configuration.") var blocks: UInt64 = 50
    @Option(help: "Seed.") var seed: UInt64 = 1

    func parseNodes() throws -> [Int] {
        let values = nodes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 256 }) else {
            throw ValidationError("--nodes must be a comma-separated list of counts in 1…256, got \(nodes)")
        }
        return values.map { $0! }
    }

    func validate() throws {
        _ = try parseNodes()
        guard (1...100_000).contains(blocks) else {
            throw ValidationError("--blocks must be in 1…100000, got \(blocks)")
        }
    }

    static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    func run() async throws {
        var rows: [String] = []
        for n in try parseNodes() {
            var configuration = SimulationConfiguration()
            configuration.nodes = n
            configuration.heights = blocks
            configuration.realSignatures = true
            configuration.latencyMinimum = 1  // 1 µs: virtual time must advance past the start-up events
            configuration.latencyMean = 0
            configuration.proposalDelay = 0
            configuration.faultWindow = 2
            configuration.voteExtensions = false
            configuration.checkpointInterval = 10
            var simulation = try Simulation<CounterApplication>(configuration: configuration, seed: seed)
            let wallStart = Date()
            let cpuStart = Self.cpuSeconds()
            let result = simulation.run()
            let cpu = Self.cpuSeconds() - cpuStart
            let wall = Date().timeIntervalSince(wallStart)
            let decided = max(result.decidedHeight, 1)
            let row =
                "{\"nodes\":\(n),\"blocks\":\(decided),\"blocksPerSecond\":\(String(format: "%.1f", Double(decided) / wall)),"
                + "\"cpuMillisecondsPerReplicaPerBlock\":\(String(format: "%.3f", cpu * 1000 / Double(n) / Double(decided))),"
                + "\"eventsPerBlock\":\(result.events / Int(decided)),\"passed\":\(result.passed)}"
            rows.append(row)
        }
        print(
            "{\"benchmark\":\"consensus\",\"signatures\":\"ed25519\",\"latency\":0,\"results\":[\(rows.joined(separator: ","))]}"
        )
    }
}
