import SynodCore
import Testing

@testable import SynodPoUW

/// A candidate whose block fails a check of §IV.C step 3f is refused; the evidence excludes it and
/// the next best publishes (the restart from step 3b); the cheater gets nothing.
@Suite struct PoUWMisconductTests {
    let scenario = PoUWScenario.regression()

    func ranked() throws -> PoUWCompetitionState {
        var state = scenario.initialState()
        try scenario.runToRanking(&state)
        return state
    }

    /// Miner 1 (the best) publishes `bad`; it is refused with `code`, reported at height 9, and
    /// miner 2 (second best) wins at height 10.
    func expectNextBestWins(after bad: Signed<PoUWPublication>, _ code: PoUWError.Code) throws {
        var state = try ranked()
        let refusal = #expect(throws: PoUWError.self) { try state.apply(.publishWinnerBlock(bad), height: 9) }
        #expect(refusal?.code == code && refusal?.height == 9)
        #expect(state == (try ranked()))
        try state.apply(.reportMisconduct(PoUWMisconductEvidence(publication: bad)), height: 9)
        let kind = try #require(PoUWMisconductKind(code))
        #expect(
            state.misconduct == [PoUWMisconductRecord(problemID: scenario.problemID, miner: 1, kind: kind, height: 9)])
        #expect(state.misconductCount(kind) == 1)
        #expect(state.rounds[scenario.problemID]?.candidate == 2)
        #expect(throws: PoUWError.self) { try state.apply(scenario.publish(1, rank: 1), height: 10) }
        #expect(throws: PoUWError.self) {
            try state.apply(.reportMisconduct(PoUWMisconductEvidence(publication: bad)), height: 10)
        }
        try state.apply(scenario.publish(2, rank: 2), height: 10)
        #expect(state.rounds[scenario.problemID]?.status == .awarded(2))
        #expect(state.balance(of: scenario.miners[2].nodeID) == 100)
        #expect(state.balance(of: scenario.miners[1].nodeID) == 0)
    }

    @Test func forgedCertificate() throws {
        let forged = scenario.certificate(1, rank: 1, signer: scenario.miners[1])
        try expectNextBestWins(after: scenario.publicationEnvelope(1, rank: 1, certificate: forged), .forgedCertificate)
    }

    @Test func tamperedModel() throws {
        var parameters = scenario.models[1].parameters
        parameters[1] = Float(bitPattern: parameters[1].bitPattern ^ 1)
        let tampered = try PoUWModel(task: .linearRegression, parameters: parameters)
        try expectNextBestWins(after: scenario.publicationEnvelope(1, rank: 1, model: tampered), .modelMismatch)
    }

    /// Miner 1 posts Y_test-like predictions its model does not produce (they rank first), then
    /// publishes its real model: check (iii) fails.
    @Test func wrongPredictions() throws {
        var state = scenario.initialState()
        for (height, transactions) in scenario.stepsToRanking {
            for transaction in transactions {
                if height == 5, transaction == scenario.predict(1) {
                    try state.apply(scenario.predict(1, values: PoUWScenario.yTest), height: 5)
                } else {
                    try state.apply(transaction, height: height)
                }
            }
        }
        let round = try #require(state.rounds[scenario.problemID])
        #expect(round.ranking == [1, 2, 0, 3] && round.scores[0].loss == 0)
        let certificate = PoUWCertificate(
            problemID: scenario.problemID, winner: scenario.miners[1].publicKey,
            modelCommitment: scenario.commitment(1), predictionDigest: PoUWPredictions.digest(PoUWScenario.yTest),
            rank: 1, submitterKey: scenario.submitter)
        let bad = scenario.publicationEnvelope(1, rank: 1, certificate: certificate)
        #expect(throws: PoUWError(.predictionMismatch, height: 9, field: "publication.model", "")) {
            try state.apply(.publishWinnerBlock(bad), height: 9)
        }
        try state.apply(.reportMisconduct(PoUWMisconductEvidence(publication: bad)), height: 9)
        #expect(state.misconduct.map(\.kind) == [.predictionMismatch])
        try state.apply(scenario.publish(2, rank: 2), height: 10)
        #expect(state.rounds[scenario.problemID]?.status == .awarded(2))
        #expect(state.balance(of: scenario.miners[1].nodeID) == 0)
    }

    /// A silent candidate loses its turn after the publish window (2 blocks from the ranking).
    @Test func aSilentCandidateIsSkipped() throws {
        var state = try ranked()
        #expect(throws: PoUWError(.notCandidate, height: 10, field: "publication.signer", "")) {
            try state.apply(scenario.publish(1, rank: 1), height: 10)
        }
        try state.apply(scenario.publish(2, rank: 2), height: 10)
        #expect(state.balance(of: scenario.miners[2].nodeID) == 100)
    }

    /// Every candidate silent: from height 8 + 4·2 the round may be abandoned and the escrow goes
    /// to the ranked miners (25 each).
    @Test func allCandidatesSilent() throws {
        var state = try ranked()
        #expect(throws: PoUWError(.notAbandonable, height: 15, field: "abandon", "")) {
            try state.apply(.abandon(problemID: scenario.problemID), height: 15)
        }
        try state.apply(.abandon(problemID: scenario.problemID), height: 16)
        #expect(state.rounds[scenario.problemID]?.status == .abandoned)
        #expect(scenario.miners.map { state.balance(of: $0.nodeID) } == [25, 25, 25, 25])
        #expect(state.escrow == 0)
    }

    /// A submitter that never reveals X_test forfeits its escrow to the miners that committed.
    @Test func aNeverRevealingSubmitterLosesItsEscrow() throws {
        var state = scenario.initialState()
        try state.apply(scenario.submit, height: 1)
        for miner in 0..<3 { try state.apply(scenario.commit(miner), height: 2) }
        #expect(throws: PoUWError(.notAbandonable, height: 5, field: "abandon", "")) {
            try state.apply(.abandon(problemID: scenario.problemID), height: 5)
        }
        try state.apply(.abandon(problemID: scenario.problemID), height: 6)
        #expect(scenario.miners.map { state.balance(of: $0.nodeID) } == [34, 33, 33, 0])
        #expect(state.balance(of: scenario.submitter.nodeID) == 895)
        #expect(throws: PoUWError(.roundClosed, height: 7, field: "revealTest.problemID", "")) {
            try state.apply(scenario.revealTest, height: 5 + 2)
        }
    }

    /// A submitter that reveals X_test but never Y_test forfeits too; with the `burn` rule the
    /// escrow leaves the supply.
    @Test func aSubmitterWithholdingTheLabelsLosesItsEscrow() throws {
        let burning = PoUWScenario.regression(configuration: {
            PoUWConfiguration(submitters: [$0], fee: 5, minimumBounty: 10, forfeit: .burn)
        })
        var state = burning.initialState()
        for (height, transactions) in burning.stepsToRanking where height < 8 {
            for transaction in transactions { try state.apply(transaction, height: height) }
        }
        #expect(throws: PoUWError(.notAbandonable, height: 9, field: "abandon", "")) {
            try state.apply(.abandon(problemID: burning.problemID), height: 9)
        }
        try state.apply(.abandon(problemID: burning.problemID), height: 10)
        #expect(state.totalSupply == 895)
        #expect(state.escrow == 0)
        #expect(burning.miners.allSatisfy { state.balance(of: $0.nodeID) == 0 })
    }
}
