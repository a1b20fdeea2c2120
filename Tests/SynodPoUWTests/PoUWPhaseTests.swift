import Testing

@testable import SynodPoUW

@Suite struct PoUWPhaseTests {
    @Test func phasesFollowThePaperOrder() {
        #expect(PoUWPhase.allCases.map(\.description) == ["training", "evaluation", "awarding"])
        #expect(PoUWPhase.training.next == .evaluation)
        #expect(PoUWPhase.evaluation.next == .awarding)
        #expect(PoUWPhase.awarding.next == nil)
        #expect(PoUWPhase.training < PoUWPhase.awarding)
    }
}
