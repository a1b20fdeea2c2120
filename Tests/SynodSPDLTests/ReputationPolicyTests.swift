import Testing

@testable import SynodSPDL

@Suite struct ReputationPolicyTests {
    @Test func deviationBeyondRightAngleLosesReputationAndZeroIsFinal() {
        let p = ReputationPolicy(initial: 1, penalty: 0.25, recovery: 0.05)
        #expect(ReputationPolicy.deviates([-1, 0], from: [1, 0.1]))
        #expect(!ReputationPolicy.deviates([0.1, 1], from: [1, 0]))
        #expect(p.updated(1, deviates: true) == 0.75)
        #expect(p.updated(0.2, deviates: true) == 0)
        #expect(p.updated(0, deviates: false) == 0)
        #expect(p.updated(0.98, deviates: false) == 1)
    }
}
