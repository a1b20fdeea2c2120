import ArgumentParser
import Foundation
import SynodConsensus
import SynodCore
import SynodSimulator

/// `synod sim …`: deterministic simulations.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim", abstract: "Deterministic simulations (same seed ⇒ same run).",
        subcommands: [SimConsensusCommand.self]
    )
}

/// `synod sim consensus`: runs the PBFT engine on the simulator over a range of seeds and checks
/// agreement, validity, certificate soundness and liveness after the last fault heals.
struct SimConsensusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consensus",
        abstract: "Simulate PBFT over seeds with faults; replay a failing seed with --seeds S..S --trace.",
        discussion: """
            Prints {"runs","decidedHeights","safetyViolations","livenessFailures","firstFailingSeed"}.
            --sweep cycles N through 4, 7, 10 and the CI fault mixes (ignores the fault flags);
            the long soak is: synod sim consensus --sweep --seeds 0..99999 --json
            """
    )

    @Option(help: "Replicas N (1…256).") var nodes: Int = 4
    @Option(help: "Byzantine replicas (≤ f = ⌊(N−1)/3⌋ for the invariants to be expected to hold).") var faulty: Int = 0
    @Option(help: "Seed range A..B (inclusive).") var seeds: String = "0..99"
    @Option(help: "Message loss probability during the fault window, in [0, 1).") var drop: Double = 0
    @Option(help: "Message duplication probability during the fault window, in [0, 1).") var duplicate: Double = 0
    @Flag(help: "Partitions (symmetric and asymmetric) form and heal.") var partitions = false
    @Flag(help: "Honest replicas crash and restart, including at durable writes (torn writes).") var crashes = false
    @Option(
        help: "Byzantine behaviour: \(ByzantineKind.allCases.map(\.rawValue).joined(separator: ", ")) (default mixed).")
    var byzantine: String?
    @Option(help: "Minimum decided heights per run.") var heights: UInt64 = 5
    @Flag(help: "Use real Ed25519 signatures instead of the fast simulation stand-in.") var realSignatures = false
    @Flag(help: "Cycle N ∈ {4, 7, 10} and the CI fault mixes over the seeds.") var sweep = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print the event trace of every run (use with one seed).") var trace = false
    @Option(
        help:
            "Leader election: \(SimulationElection.allCases.map(\.rawValue).joined(separator: ", ")) (vrf: SPDL Alg. 1, f members reach reputation 0)."
    )
    var election: String = SimulationElection.roundRobin.rawValue

    func validate() throws {
        guard (1...256).contains(nodes) else { throw ValidationError("--nodes must be in 1…256, got \(nodes)") }
        guard faulty >= 0, faulty <= nodes else {
            throw ValidationError("--faulty must be in 0…\(nodes), got \(faulty)")
        }
        guard (0..<1).contains(drop) else { throw ValidationError("--drop must be in [0, 1), got \(drop)") }
        guard (0..<1).contains(duplicate) else {
            throw ValidationError("--duplicate must be in [0, 1), got \(duplicate)")
        }
        guard (1...10_000).contains(heights) else {
            throw ValidationError("--heights must be in 1…10000, got \(heights)")
        }
        _ = try parseSeeds()
        guard SimulationElection(rawValue: election) != nil else {
            throw ValidationError(
                "--election must be one of \(SimulationElection.allCases.map(\.rawValue).joined(separator: ", ")), got \(election)"
            )
        }
        if let byzantine, ByzantineKind(rawValue: byzantine) == nil {
            throw ValidationError(
                "--byzantine must be one of \(ByzantineKind.allCases.map(\.rawValue).joined(separator: ", ")), got \(byzantine)"
            )
        }
    }

    func parseSeeds() throws -> ClosedRange<UInt64> {
        let parts = seeds.split(separator: ".", omittingEmptySubsequences: true)
        guard seeds.contains(".."), parts.count == 2, let low = UInt64(parts[0]), let high = UInt64(parts[1]),
            low <= high
        else { throw ValidationError("--seeds must be A..B with A ≤ B, got \(seeds)") }
        return low...high
    }

    func run() async throws {
        let range = try parseSeeds()
        var base = SimulationConfiguration()
        base.heights = heights
        base.realSignatures = realSignatures
        base.recordTrace = trace
        base.election = SimulationElection(rawValue: election) ?? .roundRobin
        var summary = SimulationSweep.Summary()
        let start = Date()
        for seed in range {
            var configuration = base
            var mixName = "custom"
            if sweep {
                let (swept, mix) = SimulationSweep.sweepConfiguration(seed: seed, base: base)
                configuration = swept
                mixName = mix.name
            } else {
                configuration.nodes = nodes
                configuration.byzantineCount = faulty
                configuration.byzantine = faulty > 0 ? ByzantineKind(rawValue: byzantine ?? "mixed") : nil
                configuration.dropProbability = drop
                configuration.duplicateProbability = duplicate
                configuration.partitions = partitions
                configuration.crashes = crashes
            }
            var simulation = try Simulation<CounterApplication>(configuration: configuration, seed: seed)
            let result = simulation.run()
            summary.add(result)
            if trace {
                print(
                    "# seed \(seed) N=\(configuration.nodes) mix=\(mixName) trace=\(String(result.traceHash, radix: 16))"
                )
                for line in result.trace { print(line) }
            }
            if !result.passed, !json {
                print(
                    "seed \(seed) (N=\(configuration.nodes), \(mixName)) FAILED: "
                        + (result.safetyViolations + [result.livenessFailure].compactMap { $0 }).joined(separator: "; ")
                )
            }
        }
        let seconds = Date().timeIntervalSince(start)
        if json {
            let first = summary.firstFailingSeed.map { "\($0)" } ?? "null"
            let failure = summary.firstFailure.map { "\"\(escape($0))\"" } ?? "null"
            print(
                "{\"runs\":\(summary.runs),\"decidedHeights\":\(summary.decidedHeights),"
                    + "\"safetyViolations\":\(summary.safetyViolations),\"livenessFailures\":\(summary.livenessFailures),"
                    + "\"firstFailingSeed\":\(first),\"firstFailure\":\(failure),\"crashes\":\(summary.crashes),"
                    + "\"tornWrites\":\(summary.tornWrites),\"events\":\(summary.events),"
                    + "\"seconds\":\(String(format: "%.2f", seconds))}")
        } else {
            print(
                "runs \(summary.runs), decided heights \(summary.decidedHeights), safety violations \(summary.safetyViolations), "
                    + "liveness failures \(summary.livenessFailures), first failing seed "
                    + (summary.firstFailingSeed.map { "\($0)" } ?? "none") + String(format: " (%.1f s)", seconds))
        }
        if summary.safetyViolations > 0 || summary.livenessFailures > 0 { throw ExitCode(1) }
    }

    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
