import SynodCore
import Testing

@testable import SynodPoUW

/// Every bad input is refused with its typed error (code, height, field), is counted, and leaves
/// the state unchanged.
@Suite struct PoUWRefusalTests {
    let scenario = PoUWScenario.regression()

    /// Applies the steps of ``PoUWScenario/stepsToRanking`` up to (not including) `height`.
    func state(before height: UInt64) throws -> PoUWCompetitionState {
        var state = scenario.initialState()
        for (h, transactions) in scenario.stepsToRanking where h < height {
            for transaction in transactions { try state.apply(transaction, height: h) }
        }
        return state
    }

    func expectRefusal(
        _ transaction: PoUWTransaction, at height: UInt64, from state: PoUWCompetitionState, _ code: PoUWError.Code,
        field: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var view = PoUWReplicaView(state: state)
        let error = view.submit(transaction, height: height)
        #expect(error == PoUWError(code, height: height, field: field, ""), sourceLocation: sourceLocation)
        #expect(view.state == state, sourceLocation: sourceLocation)
        #expect(view.refusals[code] == 1 && view.refusals.total == 1, sourceLocation: sourceLocation)
    }

    func problem(
        bounty: UInt64 = 100, fee: UInt64 = 5, deadlines: PoUWDeadlines = PoUWScenario.deadlines,
        submitter: SigningKey? = nil, samples: UInt32 = 9
    ) -> PoUWTransaction {
        let key = submitter ?? scenario.submitter
        let problem = PoUWProblem(
            submitter: key.publicKey, task: .linearRegression, trainingSetDigest: .zero, testSampleCount: samples,
            testCommitment: .zero, bounty: bounty, fee: fee, deadlines: deadlines, nonce: 9)
        return .submitProblem(Signed(problem, key: key, domain: .pouwProblem))
    }

    @Test func badSubmissions() throws {
        let empty = scenario.initialState()
        expectRefusal(
            problem(submitter: scenario.miners[0]), at: 1, from: empty, .unknownSubmitter, field: "problem.submitter")
        let wrongSigner = PoUWProblem(
            submitter: scenario.submitter.publicKey, task: .linearRegression, trainingSetDigest: .zero,
            testSampleCount: 1, testCommitment: .zero, bounty: 100, fee: 5, deadlines: PoUWScenario.deadlines, nonce: 0)
        expectRefusal(
            .submitProblem(Signed(wrongSigner, key: scenario.miners[0], domain: .pouwProblem)), at: 1, from: empty,
            .invalidSignature, field: "problem.signer")
        expectRefusal(
            .submitProblem(Signed(wrongSigner, key: scenario.submitter, domain: .pouwCommit)), at: 1, from: empty,
            .invalidSignature, field: "problem.signature")
        expectRefusal(problem(fee: 4), at: 1, from: empty, .feeTooLow, field: "problem.fee")
        expectRefusal(problem(bounty: 9), at: 1, from: empty, .bountyTooLow, field: "problem.bounty")
        expectRefusal(problem(bounty: 996), at: 1, from: empty, .insufficientFunds, field: "problem.bounty")
        expectRefusal(problem(samples: 0), at: 1, from: empty, .testTooLarge, field: "problem.testSampleCount")
        expectRefusal(
            problem(deadlines: PoUWDeadlines(commit: 3, revealTest: 3, predict: 7, revealLabels: 9)), at: 1,
            from: empty, .invalidDeadlines, field: "problem.deadlines")
        expectRefusal(problem(), at: 3, from: empty, .invalidDeadlines, field: "problem.deadlines")
        var submitted = empty
        try submitted.apply(scenario.submit, height: 1)
        expectRefusal(scenario.submit, at: 2, from: submitted, .duplicateProblem, field: "problem")
    }

    @Test func badCommitments() throws {
        let state = try state(before: 4)
        expectRefusal(scenario.commit(0), at: 2, from: state, .doubleCommit, field: "commit")
        let submitted = try self.state(before: 2)
        expectRefusal(scenario.commit(0), at: 4, from: submitted, .lateCommitment, field: "commit")
        let stranger = PoUWModelCommit(problemID: scenario.problemID, commitment: scenario.commitment(0))
        expectRefusal(
            .commitModel(Signed(stranger, key: scenario.submitter, domain: .pouwCommit)), at: 2, from: submitted,
            .notAMiner, field: "commit.signer")
        let unknown = PoUWModelCommit(problemID: .zero, commitment: scenario.commitment(0))
        expectRefusal(
            .commitModel(Signed(unknown, key: scenario.miners[0], domain: .pouwCommit)), at: 2, from: submitted,
            .unknownProblem, field: "commit.problemID")
    }

    @Test func badTestReveals() throws {
        let committed = try state(before: 4)
        expectRefusal(scenario.revealTest, at: 3, from: committed, .tooEarly, field: "revealTest")
        expectRefusal(scenario.revealTest, at: 6, from: committed, .lateReveal, field: "revealTest")
        let short = PoUWTestReveal(problemID: scenario.problemID, inputs: [1, 2])
        expectRefusal(
            .revealTest(Signed(short, key: scenario.submitter, domain: .pouwTestReveal)), at: 4, from: committed,
            .malformed, field: "revealTest.inputs")
        let byMiner = PoUWTestReveal(problemID: scenario.problemID, inputs: scenario.testSet.inputs)
        expectRefusal(
            .revealTest(Signed(byMiner, key: scenario.miners[0], domain: .pouwTestReveal)), at: 4, from: committed,
            .invalidSignature, field: "revealTest.signer")
        let revealed = try state(before: 5)
        expectRefusal(scenario.revealTest, at: 5, from: revealed, .alreadyRevealed, field: "revealTest")
    }

    @Test func aTestSetIsNeverReused() throws {
        let second = PoUWScenario.regression(nonce: 1)
        var state = scenario.initialState()
        try state.apply(scenario.submit, height: 1)
        try state.apply(second.submit, height: 1)
        try state.apply(second.commit(0), height: 2)
        try state.apply(scenario.revealTest, height: 4)
        expectRefusal(second.revealTest, at: 4, from: state, .testSetReused, field: "revealTest.inputs")
    }

    @Test func badPredictions() throws {
        let revealed = try state(before: 5)
        expectRefusal(
            scenario.predict(0, values: [1, 2, 3]), at: 5, from: revealed, .predictionShape,
            field: "predictions.values")
        expectRefusal(scenario.predict(0), at: 8, from: revealed, .latePrediction, field: "predictions")
        let committed = try state(before: 4)
        expectRefusal(scenario.predict(0), at: 3, from: committed, .tooEarly, field: "predictions")
        let predicted = try state(before: 8)
        expectRefusal(scenario.predict(0), at: 6, from: predicted, .doublePrediction, field: "predictions")
        var partial = try state(before: 2)
        try partial.apply(scenario.commit(1), height: 2)
        try partial.apply(scenario.revealTest, height: 4)
        expectRefusal(scenario.predict(0), at: 5, from: partial, .notCommitted, field: "predictions")
    }

    @Test func badLabelReveals() throws {
        let predicted = try state(before: 8)
        expectRefusal(scenario.revealLabels, at: 7, from: predicted, .tooEarly, field: "revealLabels")
        expectRefusal(scenario.revealLabels, at: 10, from: predicted, .lateReveal, field: "revealLabels")
        var labels = scenario.testSet.labels
        labels[0] = 6.5
        let wrong = PoUWLabelReveal(problemID: scenario.problemID, labels: labels, salt: scenario.testSet.salt)
        expectRefusal(
            .revealLabels(Signed(wrong, key: scenario.submitter, domain: .pouwLabelReveal)), at: 8, from: predicted,
            .revealMismatch, field: "revealLabels")
        labels[0] = .infinity
        let infinite = PoUWLabelReveal(problemID: scenario.problemID, labels: labels, salt: scenario.testSet.salt)
        expectRefusal(
            .revealLabels(Signed(infinite, key: scenario.submitter, domain: .pouwLabelReveal)), at: 8,
            from: predicted, .malformed, field: "revealLabels.labels[0]")
    }

    @Test func badPublications() throws {
        var ranked = scenario.initialState()
        try scenario.runToRanking(&ranked)
        expectRefusal(scenario.publish(2, rank: 2), at: 9, from: ranked, .notCandidate, field: "publication.signer")
        let forged = scenario.certificate(1, rank: 1, signer: scenario.miners[0])
        expectRefusal(
            scenario.publish(1, rank: 1, certificate: forged), at: 9, from: ranked, .forgedCertificate,
            field: "publication.certificate.signature")
        expectRefusal(
            scenario.publish(1, rank: 2), at: 9, from: ranked, .forgedCertificate, field: "publication.certificate")
        var tampered = scenario.models[1].parameters
        tampered[0] = tampered[0].nextUp
        expectRefusal(
            scenario.publish(1, rank: 1, model: try PoUWModel(task: .linearRegression, parameters: tampered)), at: 9,
            from: ranked, .modelMismatch, field: "publication.model")
        expectRefusal(.abandon(problemID: scenario.problemID), at: 9, from: ranked, .notAbandonable, field: "abandon")
        var awarded = ranked
        try awarded.apply(scenario.publish(1, rank: 1), height: 9)
        expectRefusal(
            scenario.publish(1, rank: 1), at: 10, from: awarded, .roundClosed,
            field: "publication.certificate.problemID")
        let valid = PoUWMisconductEvidence(publication: scenario.publicationEnvelope(1, rank: 1))
        expectRefusal(.reportMisconduct(valid), at: 9, from: ranked, .invalidEvidence, field: "evidence.publication")
    }

    @Test func undecodablePayloadsAreMalformed() throws {
        #expect(throws: PoUWError(.malformed, field: "kind", "")) { try PoUWTransaction(kind: 9, body: []) }
        var body = scenario.submit.body
        body.removeLast()
        #expect(throws: PoUWError(.malformed, field: "body", "")) { try PoUWTransaction(kind: 1, body: body) }
        #expect(try PoUWTransaction(kind: 1, body: scenario.submit.body) == scenario.submit)
    }
}
