import SynodTestSupport
import Testing

@testable import SynodPoQI

@Suite struct PrimaryElectionTests {
    @Test func primaryIsViewModN() {
        #expect(PrimaryElection.primary(view: 0, nodeCount: 5) == 0)
        #expect(PrimaryElection.primary(view: 7, nodeCount: 5) == 2)
        #expect(PrimaryElection.primary(view: 13, nodeCount: 7) == 6)
    }
}

@Suite struct ValidatorDecisionTests {
    @Test func argmaxTiesGoToLowestClass() {
        #expect(ValidatorDecision.predictedClass([0.1, 0.4, 0.4, 0.1]) == 1)
        #expect(ValidatorDecision.predictedClass([0.1, 0.2, 0.7]) == 2)
    }

    @Test func disagreesOnClassOrView() {
        #expect(!ValidatorDecision.disagrees(ownClass: 3, primaryClass: 3))
        #expect(ValidatorDecision.disagrees(ownClass: 2, primaryClass: 3))
        #expect(ValidatorDecision.disagrees(ownClass: 3, primaryClass: 3, ownView: 1, primaryView: 2))
    }

    @Test func rejectsMalformedVectors() {
        #expect(throws: PoQIError(.sizeMismatch, "")) {
            try ValidatorDecision.validate([0.5, 0.5], classCount: 3, what: "v")
        }
        #expect(throws: PoQIError(.nonFinite, "")) {
            try ValidatorDecision.validate([0.5, .nan, 0.5], classCount: 3, what: "v")
        }
    }
}

@Suite struct RejectionRuleTests {
    @Test func paperRuleIsStrictMajorityOfValidators() {
        let p = PoQIParameters.paper
        // N = 5: 4 validators; 2 of 4 = 0.5 is not > 0.5; 3 of 4 is.
        #expect(!RejectionRule.isRejected(disagreeing: 2, validatorCount: 4, parameters: p))
        #expect(RejectionRule.isRejected(disagreeing: 3, validatorCount: 4, parameters: p))
    }

    @Test func codeRuleCountsAllAgents() {
        let c = PoQIParameters.referenceCode
        // M = 5: 3 of 5 = 0.6 > 0.51 rejects; 2 of 5 does not. M = 6: 3 of 6 = 0.5 does not.
        #expect(RejectionRule.isRejected(disagreeing: 3, validatorCount: 4, parameters: c))
        #expect(!RejectionRule.isRejected(disagreeing: 2, validatorCount: 4, parameters: c))
        #expect(!RejectionRule.isRejected(disagreeing: 3, validatorCount: 5, parameters: c))
        #expect(RejectionRule.isRejected(disagreeing: 4, validatorCount: 5, parameters: c))
    }

    @Test func denominatorsDiffer() {
        // 3 disagreeing of 6 validators: paper 0.5 (accept), code 3/7 (accept); 4 of 6: paper rejects.
        #expect(RejectionRule.disagreementShare(disagreeing: 3, validatorCount: 6, denominator: .validators) == 0.5)
        #expect(RejectionRule.disagreementShare(disagreeing: 3, validatorCount: 6, denominator: .allAgents) == 3.0 / 7)
    }
}

@Suite struct QualityPointsTests {
    @Test func rewardAndPenalty() {
        var r = QualityPoints(nodeCount: 4, initial: 1)
        r.update(primary: 1, accepted: true, parameters: .paper)
        #expect(r[1] == 21)
        r.update(primary: 1, accepted: false, parameters: .paper)
        #expect(r[1] == 10.5)
        r.update(primary: 0, accepted: false, parameters: .paper)
        #expect(r.values == [0.5, 10.5, 1, 1])
    }

    @Test func mostHonestTiesGoToLowestIndex() {
        let r = QualityPoints(values: [1, 5, 5, 2])
        #expect(r.mostHonest() == 1)
        #expect(r.mostHonest(among: [3, 2]) == 2)
    }
}

@Suite struct DecisionCombinerTests {
    @Test func evenMedianIsMeanOfMiddleValues() {
        let m = DecisionCombiner.combine([[0.1, 0.9], [0.3, 0.7], [0.2, 0.8], [0.6, 0.4]], rule: .median)
        #expect(abs(m[0] - 0.25) < 1e-7)
        #expect(abs(m[1] - 0.75) < 1e-7)
    }

    @Test func oddMedianAndAverage() {
        let vs: [[Float]] = [[0.1, 0.9], [0.5, 0.5], [0.3, 0.7]]
        #expect(DecisionCombiner.combine(vs, rule: .median) == [0.3, 0.7])
        let a = DecisionCombiner.combine(vs, rule: .average)
        #expect(abs(a[0] - 0.3) < 1e-7 && abs(a[1] - 0.7) < 1e-7)
    }

    @Test func candidateRules() {
        let primary = NodePrediction(node: 0, distribution: SyntheticData.softmax(1))
        let validators = [
            NodePrediction(node: 1, distribution: SyntheticData.softmax(1, 0.9)),
            NodePrediction(node: 2, distribution: SyntheticData.softmax(2)),
            NodePrediction(node: 3, distribution: SyntheticData.softmax(1, 0.6)),
        ]
        let acc = [0.8, 0.9, 0.95, 0.7]
        var p = PoQIParameters.paper
        #expect(
            DecisionCombiner.candidates(primary: primary, validators: validators, accuracies: acc, parameters: p).count
                == 3)
        p.countPrimaryTwice = true
        #expect(
            DecisionCombiner.candidates(primary: primary, validators: validators, accuracies: acc, parameters: p).count
                == 4)
        p.countPrimaryTwice = false
        p.candidateRule = .acc
        let accSet = DecisionCombiner.candidates(
            primary: primary, validators: validators, accuracies: acc, parameters: p)
        #expect(accSet == [SyntheticData.softmax(1), SyntheticData.softmax(1, 0.9), SyntheticData.softmax(2)])
        p.candidateRule = .both
        #expect(
            DecisionCombiner.candidates(primary: primary, validators: validators, accuracies: acc, parameters: p)
                == [SyntheticData.softmax(1), SyntheticData.softmax(1, 0.9)])
    }
}

@Suite struct ConflictResolverTests {
    @Test func groupsInDescendingRewardOrder() {
        let preds = [0, 1, 2, 3].map {
            NodePrediction(node: $0, distribution: SyntheticData.softmax([2, 1, 2, 0][$0]))
        }
        let groups = ConflictResolver.groups(predictions: preds, points: QualityPoints(values: [1, 21, 3, 0.5]))
        #expect(groups.map(\.predictedClass) == [1, 2, 0])
        #expect(groups[1].members == [2, 0])
        #expect(groups[1].points == 4)
    }

    @Test func groupOfExpertsNeedsMoreThan51Percent() {
        let preds = [0, 1, 2, 3].map {
            NodePrediction(node: $0, distribution: SyntheticData.softmax([0, 1, 2, 3][$0]))
        }
        // Node 1 holds 21 of 23.5 points: its group decides.
        let r = ConflictResolver.resolve(
            predictions: preds, nextPrimary: 1, points: QualityPoints(values: [1, 21, 1, 0.5]), parameters: .paper)
        #expect(r.rule == .groupOfExperts && r.decider == 1 && r.decidedClass == 1)
        // Node 1 holds exactly 0.51? use 51 of 100: not > 0.51 under the paper, ≥ 0.5 under the code.
        let pts = QualityPoints(values: [49, 51, 0, 0])
        let paper = ConflictResolver.resolve(predictions: preds, nextPrimary: 1, points: pts, parameters: .paper)
        #expect(paper.rule == .mostHonest)
        #expect(paper.decider == 1)
        let code = ConflictResolver.resolve(
            predictions: preds, nextPrimary: 1, points: pts, parameters: .referenceCode)
        #expect(code.rule == .groupOfExperts)
    }

    @Test func mostHonestWhenPrimaryGroupIsSmall() {
        let preds = [0, 1, 2, 3].map {
            NodePrediction(node: $0, distribution: SyntheticData.softmax([0, 1, 2, 3][$0]))
        }
        let r = ConflictResolver.resolve(
            predictions: preds, nextPrimary: 3, points: QualityPoints(values: [10, 30, 30, 21]), parameters: .paper)
        #expect(r.rule == .mostHonest)
        #expect(r.decider == 1)  // tie 30/30 → lowest index
        #expect(r.decidedClass == 1)
    }
}

@Suite struct LocalCountingTests {
    /// Why Synod certifies the votes: with the paper's local counting, one equivocating voter
    /// splits honest nodes on whether the primary was rejected.
    @Test func equivocatingVoterSplitsLocalCounting() {
        // N = 4, primary 0 says class 1; node 1 disagrees, node 2 agrees, faulty node 3 tells
        // node 1 "disagree" and node 2 "agree".
        let seenByNode1 = [true, false, true]  // votes of 1, 2, 3 as node 1 received them
        let seenByNode2 = [true, false, false]
        let rejected1 = RejectionRule.isRejected(
            disagreeing: seenByNode1.filter { $0 }.count, validatorCount: 3, parameters: .paper)
        let rejected2 = RejectionRule.isRejected(
            disagreeing: seenByNode2.filter { $0 }.count, validatorCount: 3, parameters: .paper)
        #expect(rejected1 != rejected2)
        // With one certified set every node evaluates the same votes.
        let certified = [
            NodePrediction(node: 1, distribution: SyntheticData.softmax(2)),
            NodePrediction(node: 2, distribution: SyntheticData.softmax(1)),
            NodePrediction(node: 3, distribution: SyntheticData.softmax(0)),
        ]
        let a = PoQIAttempt.compute(
            sample: 0, view: 0, primary: NodePrediction(node: 0, distribution: SyntheticData.softmax(1)),
            validators: certified,
            accuracies: [1, 1, 1, 1], parameters: .paper)
        let b = PoQIAttempt.compute(
            sample: 0, view: 0, primary: NodePrediction(node: 0, distribution: SyntheticData.softmax(1)),
            validators: certified.reversed(), accuracies: [1, 1, 1, 1], parameters: .paper)
        #expect(a == b)
        #expect(!a.accepted)
    }
}
