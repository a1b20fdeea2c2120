import SynodSimulator
import Testing

@testable import SynodLab
@testable import SynodSPDL

/// The shared signature-verification cache of the simulator (on by default for SPDL) must not
/// change anything but CPU time: the same ledger, the same model bits, the same metrics.
@Suite struct SPDLEngineSimulationSignatureCacheTests {
    @Test func withAndWithoutTheSharedCacheTheRunIsBitIdentical() throws {
        // N = 4 with a constant attacker: its forged proposals make view changes (VIEW-CHANGE and
        // NEW-VIEW signatures, certificates) part of the run.
        let c = SPDLEngineSimulationTests.configuration(rounds: 4)
        var withCache = SPDLEngineSimulation.defaultSimulation(c)
        #expect(withCache.sharedSignatureCache)
        var without = withCache
        without.sharedSignatureCache = false
        withCache.sharedSignatureCache = true
        let a = try SPDLEngineSimulation(
            configuration: c, train: SPDLEngineSimulationTests.train, test: SPDLEngineSimulationTests.test,
            simulation: withCache
        ).run(evaluateEvery: 1)
        let b = try SPDLEngineSimulation(
            configuration: c, train: SPDLEngineSimulationTests.train, test: SPDLEngineSimulationTests.test,
            simulation: without
        ).run(evaluateEvery: 1)
        #expect(a.honestAgree && b.honestAgree)
        #expect(a.rounds.count == 4)
        #expect(a.viewChanges > 0)
        #expect(a.tipHash == b.tipHash)
        #expect(a.parameterDigest == b.parameterDigest)
        #expect(a.reputations == b.reputations)
        #expect(a.decidedHeight == b.decidedHeight)
        #expect(a.viewChanges == b.viewChanges)
        #expect(a.rejectedProposals == b.rejectedProposals)
        #expect(a.fetched == b.fetched)
        #expect(a.virtualSecondsPerBlock == b.virtualSecondsPerBlock)
        #expect(a.rounds.map(\.testError) == b.rounds.map(\.testError))
        #expect(a.rounds.map(\.leader) == b.rounds.map(\.leader))
    }
}
