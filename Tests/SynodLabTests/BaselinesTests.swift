import SynodCore
import SynodTestSupport
import Testing

@testable import SynodLab
@testable import SynodPoQI

@Suite struct BaselinesTests {
    @Test func weightedAverageUsesWeights() {
        let received = [
            NodePrediction(node: 0, distribution: [0.6, 0.4]), NodePrediction(node: 1, distribution: [0.3, 0.7]),
        ]
        #expect(WeightedAverage.decide(received: received, weights: [0.9, 0.1]) == 0)
        #expect(WeightedAverage.decide(received: received, weights: [0.1, 0.9]) == 1)
    }

    @Test func majorityVotingTiesGoToLowestClass() {
        let received = [
            SyntheticData.softmax(2), SyntheticData.softmax(1), SyntheticData.softmax(2), SyntheticData.softmax(1),
        ].enumerated().map { NodePrediction(node: $0, distribution: $1) }
        #expect(MajorityVoting.decide(received: received, classCount: 4) == 1)
        let more = received + [NodePrediction(node: 4, distribution: SyntheticData.softmax(2))]
        #expect(MajorityVoting.decide(received: more, classCount: 4) == 2)
    }

    @Test func equivocationSplitsBaselinesButNotPoQI() throws {
        // Two honest camps of equal size and one equivocating node: majority voting follows
        // whatever the faulty node told each receiver; PoQI's honest nodes still agree.
        let (preds, labels) = SyntheticData.predictions(nodes: 5, samples: 120, accuracy: 0.55, seed: 21)
        let input = try PoQIExperimentInput(
            names: (0..<5).map { "m\($0)" }, predictions: preds, labels: labels,
            validationAccuracies: [0.55, 0.55, 0.55, 0.55, 0.55], classCount: 10)
        let results = try PoQIExperiment.setting(
            input, faulty: 2, byzantine: ByzantinePrediction(scale: 1, equivocate: true), parameters: .paper, seed: 5,
            engine: PoQIEngineRun.Options())
        let mv = try #require(results.first { $0.method == "majorityVoting" })
        let poqi = try #require(results.first { $0.method == "poqi" })
        #expect(mv.honestAgreement < 1)
        #expect(poqi.honestAgreement == 1)
        #expect(poqi.perNodeAccuracy[3] == nil && poqi.perNodeAccuracy[4] == nil)
    }

    @Test func byzantineDrawIsTheReferenceFaultyVector() {
        var rng = SeededRandom(seed: 1)
        let v = ByzantinePrediction(scale: 2).draw(classCount: 5, rng: &rng)
        #expect(v.filter { $0 == Float(0.89) * 2 }.count == 1)
        #expect(v.filter { $0 == Float(0.1) * 2 }.count == 4)
    }
}
