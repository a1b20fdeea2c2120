import Testing

@testable import SynodPoUW

@Suite struct ReproductionAwardingTests {
    static let test = RegressionData.notebookTest
    static let salt = [UInt8](repeating: 1, count: 32)
    /// Three models, best first: the test fit, the train fit, a poor one.
    static let models = [
        LeastSquares.fit(.notebookTest)!, LeastSquares.fit(.notebookTrain)!, LinearModel(w0: 5, w1: 0),
    ]

    static func submissions(_ scheme: CommitmentScheme, order: [Int] = [0, 1, 2]) -> [MinerSubmission] {
        order.map {
            MinerSubmission(
                miner: $0, commitment: scheme.commit(models[$0], salt: salt)!,
                predictions: models[$0].predictions(test.x))
        }
    }

    static func honestBlock(_ certificate: WinCertificate) -> CandidateBlock {
        CandidateBlock(certificate: certificate, miner: certificate.miner, model: models[certificate.miner], salt: salt)
    }

    @Test func theLowestSSEWins() {
        let outcome = AwardingPhase(scheme: .sha256).award(
            problem: 3, submitter: .independent(problem: 3), test: Self.test,
            submissions: Self.submissions(.sha256, order: [2, 1, 0]), build: Self.honestBlock)
        #expect(outcome.winner == 0)
        #expect(outcome.ranking == [0, 1, 2])
        #expect(outcome.rejected.isEmpty)
        #expect(outcome.block?.certificate == WinCertificate(problem: 3, submitter: .independent(problem: 3), miner: 0))
    }

    @Test func tiesGoToTheLowestIndex() {
        var submissions = Self.submissions(.sha256)
        submissions[0].miner = 2
        submissions[2] = MinerSubmission(
            miner: 0, commitment: submissions[0].commitment, predictions: submissions[0].predictions)
        let outcome = AwardingPhase(scheme: .sha256).award(
            problem: 0, submitter: .independent(problem: 0), test: Self.test, submissions: submissions
        ) { CandidateBlock(certificate: $0, miner: $0.miner, model: Self.models[0], salt: Self.salt) }
        #expect(outcome.ranking == [0, 2, 1])
        #expect(outcome.winner == 0)
    }

    @Test func aModelThatMismatchesItsCommitmentGetsNoBlockAndTheNextBestWins() {
        let outcome = AwardingPhase(scheme: .sha256).award(
            problem: 1, submitter: .miner(2), test: Self.test, submissions: Self.submissions(.sha256)
        ) { certificate in
            var block = Self.honestBlock(certificate)
            if certificate.miner == 0 { block.model.w0 = Double(bitPattern: block.model.w0.bitPattern ^ 1) }
            return block
        }
        #expect(outcome.rejected == [Rejection(miner: 0, misconduct: .commitment)])
        #expect(outcome.winner == 1)
        #expect(outcome.block?.model == Self.models[1])
    }

    @Test func theLegacyCommitmentLetsAShiftedModelThroughToCheckThree() {
        // (w0 + δ, w1 − δ) opens the legacy commitment; only the prediction check (iii) catches it.
        let outcome = AwardingPhase(scheme: .legacy).award(
            problem: 1, submitter: .independent(problem: 1), test: Self.test, submissions: Self.submissions(.legacy)
        ) { certificate in
            var block = Self.honestBlock(certificate)
            if certificate.miner == 0 { block.model = LinearModel(w0: block.model.w0 + 0.5, w1: block.model.w1 - 0.5) }
            return block
        }
        #expect(outcome.rejected == [Rejection(miner: 0, misconduct: .predictions)])
        #expect(outcome.winner == 1)
    }

    @Test func aForgedCertificateOrWrongPredictionsAreRejected() {
        var submissions = Self.submissions(.sha256)
        // Miner 1 sends Ŷ that its model does not produce (but that would rank second).
        submissions[1].predictions[0] += 1e-9
        let outcome = AwardingPhase(scheme: .sha256).award(
            problem: 4, submitter: .independent(problem: 4), test: Self.test, submissions: submissions
        ) { certificate in
            var block = Self.honestBlock(certificate)
            if certificate.miner == 0 { block.certificate.problem = 5 }
            return block
        }
        #expect(
            outcome.rejected == [
                Rejection(miner: 0, misconduct: .certificate), Rejection(miner: 1, misconduct: .predictions),
            ])
        #expect(outcome.winner == 2)
    }

    @Test func aBlockBuiltByAnotherMinerFailsTheCertificateCheck() {
        let outcome = AwardingPhase(scheme: .sha256).award(
            problem: 0, submitter: .independent(problem: 0), test: Self.test, submissions: Self.submissions(.sha256)
        ) { certificate in
            var block = Self.honestBlock(certificate)
            if certificate.miner == 0 { block.miner = 2 }
            return block
        }
        #expect(outcome.rejected.first == Rejection(miner: 0, misconduct: .certificate))
        #expect(outcome.winner == 1)
    }

    @Test func predictionsOfTheWrongShapeNeverWin() {
        var submissions = Self.submissions(.sha256)
        submissions[0].predictions.removeLast()
        let outcome = AwardingPhase(scheme: .sha256).award(
            problem: 0, submitter: .independent(problem: 0), test: Self.test, submissions: submissions,
            build: Self.honestBlock)
        #expect(outcome.losses[0] == .infinity)
        #expect(outcome.ranking == [1, 2, 0])
        #expect(outcome.winner == 1)
    }

    @Test func whenEveryBlockFailsNothingIsAppendedOrPaid() {
        let outcome = AwardingPhase(scheme: .sha256).award(
            problem: 0, submitter: .miner(1), test: Self.test, submissions: Self.submissions(.sha256)
        ) { certificate in
            var block = Self.honestBlock(certificate)
            block.salt[0] ^= 1
            return block
        }
        #expect(outcome.winner == nil)
        #expect(outcome.rejected.map(\.miner) == [0, 1, 2])
        for funding in RewardFunding.allCases {
            var accounts = RewardAccounts(funding: funding, miners: 3)
            accounts.settle(submitter: .miner(1), winner: outcome.winner, reward: 2.5)
            #expect(accounts.total == 0)
            #expect(accounts.net == [0, 0, 0])
        }
    }
}
