import SynodTestSupport
import Testing

@testable import SynodPoQI

@Suite struct PoQIStateTests {
    /// distributions[node][sample] from classes[node][sample].
    func dists(_ classes: [[Int]]) -> [[[Float]]] { classes.map { $0.map { SyntheticData.softmax($0) } } }

    @Test func allAgreeAcceptsAndRewards() throws {
        let r = try PoQIReference.run(distributions: dists([[1], [1], [1], [1]]), accuracies: [0.9, 0.9, 0.9, 0.9])
        #expect(r.finalClasses == [1])
        #expect(r.points.values == [21, 1, 1, 1])
        #expect(r.decisions == [SampleDecision(sample: 0, finalClass: 1, decider: 0, rule: .primary)])
    }

    @Test func combinedDecisionIsMedianOfCandidates() throws {
        var state = try PoQIState(nodeCount: 4, parameters: .paper, accuracies: [1, 1, 1, 1])
        let primary = NodePrediction(node: 0, distribution: [0.1, 0.6, 0.3])
        let validators = [
            NodePrediction(node: 1, distribution: [0.2, 0.7, 0.1]),
            NodePrediction(node: 2, distribution: [0.0, 0.9, 0.1]),
            NodePrediction(node: 3, distribution: [0.8, 0.1, 0.1]),
        ]
        let attempt = PoQIAttempt.compute(
            sample: 0, view: 0, primary: primary, validators: validators, accuracies: state.accuracies,
            parameters: .paper)
        #expect(attempt.accepted && attempt.disagreeing == 1 && attempt.validatorCount == 3)
        #expect(attempt.finalDistribution == [0.1, 0.7, 0.1])  // median of 3 candidates (node 3 excluded)
        try state.apply(attempt)
        #expect(state.points.values == [21, 1, 1, 1])
        #expect(state.view == 0 && state.sample == 1)
    }

    @Test func rejectionHalvesAndMovesToNextView() throws {
        // Node 0 predicts 1, the three others 2: 3 of 3 disagree → rejected; node 1 is accepted.
        let r = try PoQIReference.run(distributions: dists([[1], [2], [2], [2]]), accuracies: [1, 1, 1, 1])
        #expect(r.points.values == [0.5, 21, 1, 1])
        #expect(r.finalClasses == [2])
        #expect(r.attempts == 2)
    }

    @Test func primaryKeepsItsViewWhileAccepted() throws {
        let r = try PoQIReference.run(
            distributions: dists([[1, 0, 3], [1, 0, 3], [1, 0, 3]]), accuracies: [1, 1, 1])
        #expect(r.points.values == [61, 1, 1])
        #expect(r.decisions.map(\.decider) == [0, 0, 0])
    }

    @Test func conflictResolvedByGroupOfExpertsOfNextPrimary() throws {
        // Sample 0: everyone disagrees (4 attempts, all rejected → conflict). Sample 1: all agree.
        let r = try PoQIReference.run(
            distributions: dists([[0, 3], [1, 3], [2, 3], [3, 3]]), accuracies: [1, 1, 1, 1])
        #expect(r.attempts == 5)
        // After 4 rejections every node has 0.5; the view is 4, primary 0, accepted → 20.5.
        #expect(r.points.values == [20.5, 0.5, 0.5, 0.5])
        #expect(r.decisions[0] == SampleDecision(sample: 1, finalClass: 3, decider: 0, rule: .primary))
        // Node 0's group (itself) holds 20.5 / 22 > 0.51: it decides sample 0 with its own prediction.
        #expect(r.decisions[1] == SampleDecision(sample: 0, finalClass: 0, decider: 0, rule: .groupOfExperts))
        #expect(r.finalClasses == [0, 3])
    }

    @Test func conflictResolvedByMostHonestWhenGroupIsSmall() throws {
        // Node 0 is accepted 5 times (101 points); sample 5 is a conflict (tour 0,1,2,3 → node 0
        // at 50.5, the others at 0.5); on sample 6 node 0 is rejected (25.25) and node 1 accepted
        // (20.5). Node 1's group holds 20.5 / 46.75 = 0.44 ≤ 0.51, so the Most-Honest node 0 decides.
        let classes = [[1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 2], [1, 1, 1, 1, 1, 2, 2], [1, 1, 1, 1, 1, 3, 2]]
        let r = try PoQIReference.run(distributions: dists(classes), accuracies: [1, 1, 1, 1])
        #expect(r.points.values == [25.25, 20.5, 0.5, 0.5])
        let conflict = try #require(r.decisions.first { $0.sample == 5 })
        #expect(conflict == SampleDecision(sample: 5, finalClass: 0, decider: 0, rule: .mostHonest))
        #expect(r.finalClasses == [1, 1, 1, 1, 1, 0, 2])
    }

    @Test func conflictAtEndOfStreamUsesMostHonest() throws {
        let r = try PoQIReference.run(distributions: dists([[0], [1], [2], [3]]), accuracies: [1, 1, 1, 1])
        #expect(r.attempts == 4)
        #expect(r.decisions == [SampleDecision(sample: 0, finalClass: 0, decider: 0, rule: .mostHonest)])
    }

    @Test func everyNodeTriedExactlyOnceBeforeConflict() throws {
        var state = try PoQIState(nodeCount: 5, parameters: .paper, accuracies: [1, 1, 1, 1, 1])
        for v in 0..<4 {
            let primary = NodePrediction(node: v, distribution: SyntheticData.softmax(0))
            let others = (0..<5).filter { $0 != v }.map {
                NodePrediction(node: $0, distribution: SyntheticData.softmax(1))
            }
            let a = PoQIAttempt.compute(
                sample: 0, view: UInt64(v), primary: primary, validators: others, accuracies: state.accuracies,
                parameters: .paper)
            try state.apply(a)
            #expect(state.sample == 0)
        }
        // A timeout skips node 4; the next attempt (view 5, node 0 again) completes the tour.
        state.skip(to: 5)
        let a = PoQIAttempt.compute(
            sample: 0, view: 5, primary: NodePrediction(node: 0, distribution: SyntheticData.softmax(0)),
            validators: (1..<5).map { NodePrediction(node: $0, distribution: SyntheticData.softmax(1)) },
            accuracies: state.accuracies,
            parameters: .paper)
        try state.apply(a)
        #expect(state.sample == 1)
        #expect(state.pendingConflicts.map(\.sample) == [0])
    }

    @Test func rejectsAttemptsOutOfOrder() throws {
        var state = try PoQIState(nodeCount: 4, parameters: .paper, accuracies: [1, 1, 1, 1])
        let a = PoQIAttempt.compute(
            sample: 0, view: 1, primary: NodePrediction(node: 0, distribution: SyntheticData.softmax(0)),
            validators: [],
            accuracies: state.accuracies, parameters: .paper)
        #expect(throws: PoQIError(.invalidMessage, "")) { try state.apply(a) }
        var wrongSample = a
        wrongSample.sample = 3
        #expect(throws: PoQIError(.invalidMessage, "")) { try state.apply(wrongSample) }
    }

    @Test func validatesParameters() {
        var p = PoQIParameters.paper
        p.penaltyFactor = 0
        #expect(throws: PoQIError(.invalidArgument, "")) {
            try PoQIState(nodeCount: 3, parameters: p, accuracies: [1, 1, 1])
        }
        #expect(throws: PoQIError(.sizeMismatch, "")) {
            try PoQIState(nodeCount: 3, parameters: .paper, accuracies: [1])
        }
    }
}
