import SynodContracts
import SynodCore
import SynodLedger
import Testing

/// The optimistic Layer-2 path: commitments, bisection, fraud proofs, bonds and timeouts.
@Suite struct Layer2Tests {
    static let initialBalance: UInt64 = 1_000_000_000

    @Test func offChainRunReproducesThePapersWeightsAndAnHonestCommitmentFinalises() throws {
        let trace = try Layer2Fixtures.honest(2_000)
        #expect(LinearModelImages.parameters(trace.weights[1]) == (100_262_000, 3_420_000))
        #expect(LinearModelImages.parameters(trace.weights[2]) == (100_866_000, 3_500_000))
        #expect(LinearModelImages.parameters(trace.weights[1_801]) == (682_078_000, -6_760_000))
        #expect(LinearModelImages.parameters(trace.weights[2_000]) == (709_424_000, -7_180_000))
        #expect(trace.stepFuel[0] == TrainFuelPin.ninePoints)
        #expect(Set(trace.stepFuel) == [9_269, 9_283, 9_297])

        var session = try Layer2Fixtures.session()
        let commitment = trace.commitment(
            program: Layer2Fixtures.program, dataRoot: Layer2Fixtures.data.root, interval: 100)
        #expect(commitment.checkpointRoots.count == 19)
        let (posted, id) = try session.post(commitment, bond: 10_000, sender: 1)
        #expect(posted.succeeded)
        #expect(session.state.balance(of: Layer2StateKeys.escrow) == 10_000)
        let early = try session.submit(.finalise(commitment: id), sender: 3)
        #expect(early.error?.code == .notFinal)
        try session.advance(Int(Layer2Rules.standard.challengeWindow))
        let final = try session.submit(.finalise(commitment: id), sender: 3)
        #expect(final.succeeded)
        #expect(Layer2LedgerModule.commitment(in: session.state, id: id)?.status == .finalised)
        #expect(session.state.balance(of: Layer2StateKeys.escrow) == 0)
        #expect(session.state.totalSupply == 4 * Self.initialBalance)
        let again = try session.submit(.finalise(commitment: id), sender: 3)
        #expect(again.error?.code == .notOpen)
    }

    @Test func aWrongCommitmentIsCaughtByBisectionAndItsBondSlashed() throws {
        let truth = try Layer2Fixtures.honest(200)
        let claimed = try Layer2Fixtures.tampered(200, at: 37)
        let commitment = claimed.commitment(
            program: Layer2Fixtures.program, dataRoot: Layer2Fixtures.data.root, interval: 16)
        var session = try Layer2Fixtures.session()
        let (_, id) = try session.post(commitment, bond: 10_000, sender: 1)
        let receipts = try session.dispute(
            id, commitment: commitment, operator: 1, challenger: 2, claimed: claimed, truth: truth,
            data: Layer2Fixtures.data, code: ContractFixtures.v1)
        #expect(receipts.allSatisfy { $0.succeeded })
        // Interval 2 (steps 32…48), bisected 16 → 8 → 4 → 2 → 1: four rounds, then the proof.
        #expect(
            receipts.map(\.action) == ["challenge"] + Array(repeating: ["bisect", "choose"], count: 4).flatMap { $0 }
                + ["proveSegment"])
        #expect(receipts.last?.fraudProven == true)
        let challenger = session.member(2)
        let dispute = try #require(Layer2LedgerModule.dispute(in: session.state, id: id, challenger: challenger))
        #expect(dispute.status == .challengerWon)
        #expect((dispute.lower, dispute.upper) == (36, 37))
        #expect(Layer2LedgerModule.commitment(in: session.state, id: id)?.status == .rejected)
        #expect(session.state.balance(of: Layer2StateKeys.escrow) == 0)
        #expect(session.state.totalSupply == 4 * Self.initialBalance - 5_000)
        #expect(
            session.state.balance(of: challenger)
                == Self.initialBalance + 5_000 + Layer2Fixtures.feesEarned(session, by: challenger)
                - Layer2Fixtures.feesPaid(session, by: challenger))
        let operatorID = session.member(1)
        #expect(
            session.state.balance(of: operatorID)
                == Self.initialBalance - 10_000 + Layer2Fixtures.feesEarned(session, by: operatorID)
                - Layer2Fixtures.feesPaid(session, by: operatorID))
        try session.advance(Int(Layer2Rules.standard.challengeWindow))
        #expect(try session.submit(.finalise(commitment: id), sender: 1).error?.code == .notOpen)
    }

    @Test func aWrongChallengerLosesItsBondAndTheCommitmentStillFinalises() throws {
        let truth = try Layer2Fixtures.honest(200)
        let mistaken = try Layer2Fixtures.tampered(200, at: 90)
        let commitment = truth.commitment(
            program: Layer2Fixtures.program, dataRoot: Layer2Fixtures.data.root, interval: 16)
        var session = try Layer2Fixtures.session()
        let (_, id) = try session.post(commitment, bond: 10_000, sender: 1)
        let receipts = try session.dispute(
            id, commitment: commitment, operator: 1, challenger: 3, claimed: truth, truth: mistaken,
            data: Layer2Fixtures.data, code: ContractFixtures.v1, bond: 3_000)
        #expect(receipts.allSatisfy { $0.succeeded })
        #expect(receipts.last?.fraudProven == false)
        let dispute = try #require(Layer2LedgerModule.dispute(in: session.state, id: id, challenger: session.member(3)))
        #expect(dispute.status == .operatorWon)
        #expect((dispute.lower, dispute.upper) == (89, 90))
        #expect(session.state.totalSupply == 4 * Self.initialBalance - 1_500)
        #expect(session.state.balance(of: Layer2StateKeys.escrow) == 10_000)
        try session.advance(Int(Layer2Rules.standard.challengeWindow))
        #expect(try session.submit(.finalise(commitment: id), sender: 0).succeeded)
        let operatorID = session.member(1)
        #expect(
            session.state.balance(of: operatorID)
                == Self.initialBalance + 1_500 + Layer2Fixtures.feesEarned(session, by: operatorID)
                - Layer2Fixtures.feesPaid(session, by: operatorID))
    }

    @Test func anOperatorThatStopsAnsweringLosesByTimeout() throws {
        let trace = try Layer2Fixtures.honest(40)
        let commitment = trace.commitment(
            program: Layer2Fixtures.program, dataRoot: Layer2Fixtures.data.root, interval: 8)
        var session = try Layer2Fixtures.session()
        let (_, id) = try session.post(commitment, bond: 10_000, sender: 1)
        #expect(try session.submit(.challenge(commitment: id, interval: 1, bond: 1_000), sender: 2).succeeded)
        let challenger = session.member(2)
        let early = try session.submit(.timeout(commitment: id, challenger: challenger), sender: 0)
        #expect(early.error?.code == .deadlineNotPassed)
        try session.advance(Int(Layer2Rules.standard.responseWindow))
        let late = try session.submit(.bisect(commitment: id, challenger: challenger, root: trace.roots[12]), sender: 1)
        #expect(late.error?.code == .deadlinePassed)
        #expect(try session.submit(.timeout(commitment: id, challenger: challenger), sender: 0).succeeded)
        #expect(Layer2LedgerModule.dispute(in: session.state, id: id, challenger: challenger)?.status == .challengerWon)
        #expect(Layer2LedgerModule.commitment(in: session.state, id: id)?.status == .rejected)
    }

    @Test func aChallengerThatStopsAnsweringLosesByTimeout() throws {
        let trace = try Layer2Fixtures.honest(40)
        let commitment = trace.commitment(
            program: Layer2Fixtures.program, dataRoot: Layer2Fixtures.data.root, interval: 8)
        var session = try Layer2Fixtures.session()
        let (_, id) = try session.post(commitment, bond: 10_000, sender: 1)
        #expect(try session.submit(.challenge(commitment: id, interval: 1, bond: 1_000), sender: 2).succeeded)
        let challenger = session.member(2)
        let notYours = try session.submit(
            .bisect(commitment: id, challenger: challenger, root: trace.roots[12]), sender: 2)
        #expect(notYours.error?.code == .notYourTurn)
        #expect(
            try session.submit(.bisect(commitment: id, challenger: challenger, root: trace.roots[12]), sender: 1)
                .succeeded)
        try session.advance(Int(Layer2Rules.standard.responseWindow) + 1)
        #expect(try session.submit(.timeout(commitment: id, challenger: challenger), sender: 3).succeeded)
        #expect(Layer2LedgerModule.dispute(in: session.state, id: id, challenger: challenger)?.status == .operatorWon)
        #expect(Layer2LedgerModule.commitment(in: session.state, id: id)?.status == .open)
        #expect(session.state.totalSupply == 4 * Self.initialBalance - 500)
    }

    @Test func refusedMovesAreTypedErrorsAndLeaveTheStateAlone() throws {
        let trace = try Layer2Fixtures.honest(20)
        let program = Layer2Fixtures.program
        let commitment = trace.commitment(program: program, dataRoot: Layer2Fixtures.data.root, interval: 4)
        var session = try Layer2Fixtures.session()
        let malformed = Layer2Commitment(
            programHash: program.codeHash, stepFunction: "train", stepGasLimit: 1_000_000,
            dataRoot: Layer2Fixtures.data.root, oldWeights: trace.weights[0], newWeights: trace.weights[20], steps: 20,
            checkpointInterval: 4, checkpointRoots: [])
        #expect(try session.post(malformed, bond: 10_000, sender: 1).receipt.error?.code == .invalidCommitment)
        #expect(try session.post(commitment, bond: 10, sender: 1).receipt.error?.code == .insufficientBond)
        let (_, id) = try session.post(commitment, bond: 10_000, sender: 1)
        #expect(
            try session.submit(.challenge(commitment: id, interval: 0, bond: 1_000), sender: 1).error?.code
                == .duplicateChallenge)
        #expect(
            try session.submit(.challenge(commitment: id, interval: 5, bond: 1_000), sender: 2).error?.code
                == .badInterval)
        #expect(
            try session.submit(.challenge(commitment: Layer2Fixtures.data.root, interval: 0, bond: 1_000), sender: 2)
                .error?.code == .unknownCommitment)
        // Interval 0 is already a 4-step range; bisect to one step, then prove with bad inputs.
        #expect(try session.submit(.challenge(commitment: id, interval: 0, bond: 1_000), sender: 2).succeeded)
        let challenger = session.member(2)
        #expect(
            try session.submit(.bisect(commitment: id, challenger: challenger, root: trace.roots[2]), sender: 1)
                .succeeded)
        #expect(try session.submit(.choose(commitment: id, challenger: challenger, agree: true), sender: 2).succeeded)
        #expect(
            try session.submit(.bisect(commitment: id, challenger: challenger, root: trace.roots[3]), sender: 1)
                .succeeded)
        #expect(try session.submit(.choose(commitment: id, challenger: challenger, agree: false), sender: 2).succeeded)
        let before = session.state.moduleData[Layer2LedgerModule.moduleName]?.filter {
            $0.key.first != 0x04 && $0.key.first != 0x05
        }
        let prove = { (data: TrainingImage, weights: TrainingImage) in
            Layer2Transaction.Action.proveSegment(commitment: id, challenger: challenger, data: data, weights: weights)
        }
        #expect(try session.submit(prove(Layer2Fixtures.data, trace.weights[2]), sender: 2).error?.code == .missingCode)
        #expect(
            try session.submit(prove(trace.weights[0], trace.weights[2]), sender: 2, code: ContractFixtures.v1).error?
                .code == .wrongData)
        #expect(
            try session.submit(prove(Layer2Fixtures.data, trace.weights[1]), sender: 2, code: ContractFixtures.v1)
                .error?.code == .wrongWeights)
        #expect(
            try session.submit(prove(Layer2Fixtures.data, trace.weights[2]), sender: 3, code: ContractFixtures.v1)
                .error?.code == .notYourTurn)
        session.gasLimit = 2_000
        #expect(
            try session.submit(prove(Layer2Fixtures.data, trace.weights[2]), sender: 2, code: ContractFixtures.v1)
                .error?.code == .outOfGas)
        let after = session.state.moduleData[Layer2LedgerModule.moduleName]?.filter {
            $0.key.first != 0x04 && $0.key.first != 0x05
        }
        #expect(before == after)
        session.gasLimit = 100_000_000
        // Five refused moves used the five heights of the response window; at a segment the
        // challenger is to move, so the timeout goes to the operator.
        let late = try session.submit(
            prove(Layer2Fixtures.data, trace.weights[2]), sender: 1, code: ContractFixtures.v1)
        #expect(late.error?.code == .deadlinePassed)
        #expect(try session.submit(.timeout(commitment: id, challenger: challenger), sender: 0).succeeded)
        #expect(Layer2LedgerModule.dispute(in: session.state, id: id, challenger: challenger)?.status == .operatorWon)
    }

    @Test func replayFromGenesisReproducesEveryStateRoot() throws {
        let truth = try Layer2Fixtures.honest(40)
        let claimed = try Layer2Fixtures.tampered(40, at: 13)
        let commitment = claimed.commitment(
            program: Layer2Fixtures.program, dataRoot: Layer2Fixtures.data.root, interval: 8)
        var session = try Layer2Fixtures.session(seed: 5)
        let (_, id) = try session.post(commitment, bond: 10_000, sender: 0)
        _ = try session.dispute(
            id, commitment: commitment, operator: 0, challenger: 1, claimed: claimed, truth: truth,
            data: Layer2Fixtures.data, code: ContractFixtures.v1)
        let driver = session.driver
        var replayed = try LedgerState(genesis: driver.builder.genesis)
        for block in driver.blocks {
            replayed = try replayed.applying(block, modules: .withContracts, blobs: driver.builder.blobs)
            #expect(replayed.root == block.header.stateRoot)
        }
        #expect(replayed == driver.state)
        #expect(Layer2LedgerModule.commitment(in: replayed, id: id)?.status == .rejected)
    }
}
