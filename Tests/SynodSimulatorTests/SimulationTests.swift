import SynodConsensus
import SynodCore
import SynodSimulator
import Testing

@Suite struct SimulationTests {
    static func run(_ configuration: SimulationConfiguration, seed: UInt64) throws -> SimulationResult {
        var simulation = try Simulation<CounterApplication>(configuration: configuration, seed: seed)
        return simulation.run()
    }

    static func sweep(_ seeds: Range<UInt64>) throws -> SimulationSweep.Summary {
        var summary = SimulationSweep.Summary()
        for seed in seeds {
            let (configuration, _) = SimulationSweep.sweepConfiguration(seed: seed)
            summary.add(try run(configuration, seed: seed))
        }
        return summary
    }

    @Test func cleanRunDecidesAndPassesInvariants() throws {
        let result = try Self.run(SimulationConfiguration(), seed: 7)
        #expect(result.passed, "\(result.safetyViolations) \(result.livenessFailure ?? "")")
        #expect(result.decidedHeight >= 5)
        #expect(result.metrics.evidence == 0)
    }

    @Test func sameSeedGivesAnIdenticalTrace() throws {
        for seed in UInt64(0)..<20 {
            let (configuration, _) = SimulationSweep.sweepConfiguration(seed: seed * 7 + 3)
            let first = try Self.run(configuration, seed: seed)
            let second = try Self.run(configuration, seed: seed)
            #expect(first.traceHash == second.traceHash, "seed \(seed)")
            #expect(first.decidedHeight == second.decidedHeight)
            #expect(first.events == second.events)
        }
        let a = try Self.run(SimulationConfiguration(), seed: 1)
        let b = try Self.run(SimulationConfiguration(), seed: 2)
        #expect(a.traceHash != b.traceHash)
    }

    // The CI sweep: ≥ 1,000 seeds over N ∈ {4, 7, 10} × every fault mix, in four parallel parts.
    @Test(arguments: [UInt64(0), 1, 2, 3])
    func seedSweep(part: UInt64) throws {
        let summary = try Self.sweep((part * 260)..<((part + 1) * 260))
        #expect(summary.runs == 260)
        #expect(
            summary.safetyViolations == 0 && summary.livenessFailures == 0,
            "first failing seed \(summary.firstFailingSeed.map { "\($0)" } ?? "-"): \(summary.firstFailure ?? "")")
    }

    // Leader election by VRF (SPDL Alg. 1, deterministic form) over N ∈ {4, 7, 10} × every fault
    // mix; f members' reputations drop to 0 every 2 heights, so the eligible set changes.
    @Test func vrfElectionSweep() throws {
        var summary = SimulationSweep.Summary()
        for seed in UInt64(0)..<Self.vrfSeeds {
            var base = SimulationConfiguration()
            base.election = .vrf
            let (configuration, _) = SimulationSweep.sweepConfiguration(seed: seed, base: base)
            let result = try Self.run(configuration, seed: seed)
            summary.add(result)
        }
        #expect(summary.runs == Int(Self.vrfSeeds))
        #expect(
            summary.safetyViolations == 0 && summary.livenessFailures == 0,
            "first failing seed \(summary.firstFailingSeed.map { "\($0)" } ?? "-"): \(summary.firstFailure ?? "")")
        #expect(summary.decidedHeights >= 5 * Self.vrfSeeds)
    }

    static let vrfSeeds: UInt64 = 90

    @Test func parallelVerificationGivesTheSameRun() throws {
        for seed in UInt64(0)..<3 {
            var (configuration, _) = SimulationSweep.sweepConfiguration(seed: seed * 11 + 2)
            let sequential = try Self.run(configuration, seed: seed)
            configuration.parallelVerification = true
            let parallel = try Self.run(configuration, seed: seed)
            #expect(sequential.passed && parallel.passed)
            #expect(sequential.traceHash == parallel.traceHash, "seed \(seed)")
            #expect(sequential.decidedHeight == parallel.decidedHeight)
        }
    }

    @Test func realEd25519SeedsPass() throws {
        for seed in UInt64(0)..<12 {
            var (configuration, mix) = SimulationSweep.sweepConfiguration(seed: seed * 5 + 1, nodeCounts: [4])
            configuration.realSignatures = true
            let result = try Self.run(configuration, seed: seed)
            #expect(
                result.passed, "seed \(seed) \(mix.name): \(result.safetyViolations) \(result.livenessFailure ?? "")")
        }
    }

    @Test func crashesAtDurableWritesAndTornWritesAreInjected() throws {
        var crashes = 0
        var torn = 0
        for seed in UInt64(0)..<30 {
            var configuration = SimulationConfiguration()
            configuration.crashes = true
            let result = try Self.run(configuration, seed: seed)
            #expect(result.passed, "seed \(seed): \(result.safetyViolations) \(result.livenessFailure ?? "")")
            crashes += result.crashes
            torn += result.tornWrites
        }
        #expect(crashes > 30)
        #expect(torn > 0)
    }

    @Test func twinsBeyondTheFaultBoundCanBreakAgreement() throws {
        // With f = 1 at N = 4, two twinned replicas exceed the bound; the harness must be able to
        // observe the violation (Twins `twins_proposer_test`), otherwise the checker is blind.
        var violations = 0
        for seed in UInt64(0)..<40 {
            var configuration = SimulationConfiguration()
            configuration.byzantine = .twins
            configuration.byzantineCount = 2
            configuration.partitions = true
            let result = try Self.run(configuration, seed: seed)
            if !result.safetyViolations.isEmpty { violations += 1 }
        }
        #expect(violations > 0)
    }

    @Test func byzantineReplicasProduceEvidenceAndInvalidCounts() throws {
        var configuration = SimulationConfiguration()
        configuration.byzantine = .conflictingVotes
        configuration.byzantineCount = 1
        let votes = try Self.run(configuration, seed: 3)
        #expect(votes.passed)
        #expect(votes.metrics.evidence > 0)
        configuration.byzantine = .flood
        let flood = try Self.run(configuration, seed: 3)
        #expect(flood.passed)
        #expect(flood.metrics.invalid > 0)
        #expect(flood.metrics.tooFarAhead > 0)
    }
}

@Suite struct CrashPointTests {
    // Crash replica 1 at each of its first durable writes, torn and not (G4): restart must never
    // equivocate (evidence against an honest replica is a violation) nor lose a decided block.
    @Test(arguments: [false, true])
    func crashAtEveryDurableWrite(torn: Bool) throws {
        var base = SimulationConfiguration()
        base.heights = 3
        base.faultWindow = 2
        var probe = try Simulation<CounterApplication>(configuration: base, seed: 11)
        let writes = probe.run().writes[1]
        #expect(writes > 10)
        for write in 0..<min(writes, 40) {
            var configuration = base
            configuration.writeCrash = WriteCrash(replica: 1, write: write, torn: torn)
            var simulation = try Simulation<CounterApplication>(configuration: configuration, seed: 11)
            let result = simulation.run()
            #expect(result.passed, "write \(write): \(result.safetyViolations) \(result.livenessFailure ?? "")")
            #expect(result.crashes == 1)
        }
    }
}
