import ArgumentParser
import Foundation
import SynodConsensus
import SynodCore
import SynodSimulator

#if canImport(Glibc)
    import Glibc
#endif

/// `synod bench consensus`: decided blocks per second and CPU time per replica per block of the
/// PBFT engine with real Ed25519 signing and verification, all replicas in one process on the
/// simulator with zero network latency (so the numbers are the engine's and the crypto's cost).
struct BenchConsensusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consensus",
        abstract: "PBFT blocks/s and CPU time per replica per block (real Ed25519, zero-latency simulator). JSON.",
        discussion: """
            Each N runs twice on the same seed: once verifying messages one by one on one thread
            (cpuMillisecondsPerReplicaPerBlock = that run's process CPU / N / blocks), once verifying
            the messages of each virtual instant in parallel (MessageVerifier.verifyBatch); both
            runs decide the same blocks (sameRun). --election vrf adds an ECVRF proof per PRE-PREPARE.
            """
    )

    @Option(help: "Comma-separated replica counts.") var nodes: String = "4,7,10,20,30"
    @Option(help: "Blocks to decide per configuration.") var blocks: UInt64 = 50
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Leader election: round-robin or vrf.") var election: String = "round-robin"

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
        guard SimulationElection(rawValue: election) != nil else {
            throw ValidationError(
                "--election must be one of \(SimulationElection.allCases.map(\.rawValue).joined(separator: ", ")), got \(election)"
            )
        }
    }

    static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    struct Measurement {
        let result: SimulationResult
        let wall: Double
        let cpu: Double

        var blocks: Double { Double(max(result.decidedHeight, 1)) }
        func cpuPerReplicaPerBlock(_ n: Int) -> String { String(format: "%.3f", cpu * 1000 / Double(n) / blocks) }
        var blocksPerSecond: String { String(format: "%.1f", blocks / wall) }
    }

    func measure(_ configuration: SimulationConfiguration) throws -> Measurement {
        var simulation = try Simulation<CounterApplication>(configuration: configuration, seed: seed)
        let wallStart = Date()
        let cpuStart = Self.cpuSeconds()
        let result = simulation.run()
        return Measurement(result: result, wall: Date().timeIntervalSince(wallStart), cpu: Self.cpuSeconds() - cpuStart)
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
            configuration.election = SimulationElection(rawValue: election) ?? .roundRobin
            let sequential = try measure(configuration)
            configuration.parallelVerification = true
            let parallel = try measure(configuration)
            let row =
                "{\"nodes\":\(n),\"blocks\":\(Int(sequential.blocks)),\"blocksPerSecond\":\(sequential.blocksPerSecond),"
                + "\"cpuMillisecondsPerReplicaPerBlock\":\(sequential.cpuPerReplicaPerBlock(n)),"
                + "\"blocksPerSecondParallelVerify\":\(parallel.blocksPerSecond),"
                + "\"cpuMillisecondsPerReplicaPerBlockParallelVerify\":\(parallel.cpuPerReplicaPerBlock(n)),"
                + "\"sameRun\":\(sequential.result.decidedHeight == parallel.result.decidedHeight && sequential.result.traceHash == parallel.result.traceHash),"
                + "\"eventsPerBlock\":\(sequential.result.events / Int(sequential.blocks)),"
                + "\"passed\":\(sequential.result.passed && parallel.result.passed)}"
            rows.append(row)
            FileHandle.standardError.write(Data((row + "\n").utf8))
        }
        print(
            "{\"benchmark\":\"consensus\",\"signatures\":\"ed25519\",\"latency\":0,\"election\":\"\(election)\","
                + "\"results\":[\(rows.joined(separator: ","))]}"
        )
    }
}
