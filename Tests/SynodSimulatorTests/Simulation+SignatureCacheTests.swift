import SynodConsensus
import SynodCore
import SynodSimulator
import Testing

/// The shared signature-verification cache (``SimulationConfiguration/sharedSignatureCache``)
/// changes CPU work only: with real Ed25519 and the sweep's fault mixes (Byzantine forgeries,
/// equivocation, forged view changes, drops, partitions, crashes), a run with the cache is event for event the run
/// without it.
@Suite struct SimulationSignatureCacheTests {
    @Test func theSharedCacheGivesTheSameRunAsVerifyingEverywhere() throws {
        // Mixes: loss + partitions + crashes, equivocation, conflicting votes, invalid proposals,
        // forged view changes, everything.
        for seed: UInt64 in [5, 6, 7, 8, 11, 14] {
            var (configuration, mix) = SimulationSweep.sweepConfiguration(seed: seed, nodeCounts: [4])
            configuration.realSignatures = true
            var plain = try Simulation<CounterApplication>(configuration: configuration, seed: seed)
            let reference = plain.run()
            configuration.sharedSignatureCache = true
            var cached = try Simulation<CounterApplication>(configuration: configuration, seed: seed)
            let result = cached.run()
            #expect(reference.passed && result.passed, "seed \(seed) \(mix.name)")
            #expect(reference.traceHash == result.traceHash, "seed \(seed) \(mix.name)")
            #expect(reference.decidedHeight == result.decidedHeight)
            #expect(reference.metrics == result.metrics)
        }
    }
}
