import SynodCore

/// The PoUW rule book: the one function every replica, `synod ledger verify` and the tests run to
/// validate and apply a ``PoUWTransaction`` (§IV.C on the ledger). It depends only on the committed
/// state (through ``PoUWRuleContext``) and the transaction; a refusal is a typed ``PoUWError`` and
/// changes nothing.
public enum PoUWRules {
    /// Validates `transaction` at `context.height` and returns what it changes.
    public static func apply(_ transaction: PoUWTransaction, context: PoUWRuleContext) throws(PoUWError)
        -> PoUWOutcome
    {
        switch transaction {
        case .submitProblem(let signed): try submit(signed, context)
        case .commitModel(let signed): try commit(signed, context)
        case .revealTest(let signed): try revealTest(signed, context)
        case .submitPredictions(let signed): try predict(signed, context)
        case .revealLabels(let signed): try revealLabels(signed, context)
        case .publishWinnerBlock(let signed): try publish(signed, context)
        case .reportMisconduct(let evidence): try reportMisconduct(evidence, context)
        case .abandon(let problemID): try abandon(problemID, context)
        }
    }

    /// A problem from a registered submitter with increasing deadlines, a bounty and fee of at least
    /// the genesis minimum, paid from the submitter's balance (bounty escrowed, fee burned).
    static func submit(_ signed: Signed<PoUWProblem>, _ c: PoUWRuleContext) throws(PoUWError) -> PoUWOutcome {
        let problem = try c.verified(signed, .pouwProblem, field: "problem")
        let h = c.height
        guard signed.signer == problem.submitter else {
            throw c.fail(
                .invalidSignature, "problem.signer", "signed by \(signed.signerID), not the problem's submitter")
        }
        guard c.configuration.submitters.contains(problem.submitter) else {
            throw c.fail(.unknownSubmitter, "problem.submitter", "\(problem.submitter.nodeID) is not registered")
        }
        guard c.round(problem.id) == nil else {
            throw c.fail(.duplicateProblem, "problem", "problem \(problem.id.short) was already submitted")
        }
        let d = problem.deadlines
        guard h < d.commit, d.commit < d.revealTest, d.revealTest < d.predict, d.predict < d.revealLabels,
            d.revealLabels - h <= c.configuration.maxDeadlineSpan
        else {
            throw c.fail(
                .invalidDeadlines, "problem.deadlines",
                "need \(h) < commit \(d.commit) < revealTest \(d.revealTest) < predict \(d.predict) < revealLabels \(d.revealLabels) ≤ \(h) + \(c.configuration.maxDeadlineSpan)"
            )
        }
        guard (1...c.configuration.maxTestSamples).contains(problem.testSampleCount) else {
            throw c.fail(
                .testTooLarge, "problem.testSampleCount",
                "\(problem.testSampleCount) test samples, allowed 1...\(c.configuration.maxTestSamples)")
        }
        guard problem.bounty >= c.configuration.minimumBounty else {
            throw c.fail(
                .bountyTooLow, "problem.bounty", "bounty \(problem.bounty) < minimum \(c.configuration.minimumBounty)")
        }
        guard problem.fee >= c.configuration.fee else {
            throw c.fail(.feeTooLow, "problem.fee", "fee \(problem.fee) < \(c.configuration.fee)")
        }
        let submitter = problem.submitter.nodeID
        let (cost, overflow) = problem.bounty.addingReportingOverflow(problem.fee)
        guard !overflow, c.balance(submitter) >= cost else {
            throw c.fail(
                .insufficientFunds, "problem.bounty",
                "bounty + fee exceeds the submitter's balance \(c.balance(submitter))")
        }
        var settlements: [PoUWSettlement] = []
        if problem.bounty > 0 { settlements.append(.escrow(from: submitter, amount: problem.bounty)) }
        if problem.fee > 0 { settlements.append(.burnFee(from: submitter, amount: problem.fee)) }
        return PoUWOutcome(round: PoUWRound(problem: problem, submittedAt: h), settlements: settlements)
    }

    /// One commitment per miner, at or before the commit deadline.
    static func commit(_ signed: Signed<PoUWModelCommit>, _ c: PoUWRuleContext) throws(PoUWError) -> PoUWOutcome {
        let message = try c.verified(signed, .pouwCommit, field: "commit")
        let miner = try c.minerIndex(signed.signer, field: "commit.signer")
        var round = try c.existingRound(message.problemID, field: "commit.problemID")
        guard c.height <= round.problem.deadlines.commit else {
            throw c.fail(
                .lateCommitment, "commit", "commit deadline \(round.problem.deadlines.commit) has passed")
        }
        guard round.commitments[miner] == nil else {
            throw c.fail(.doubleCommit, "commit", "miner \(miner) already committed")
        }
        round.commitments[miner] = message.commitment
        return PoUWOutcome(round: round)
    }

    /// X_test from the submitter after the commit deadline and by the reveal deadline, of the
    /// announced shape, never revealed for an earlier problem.
    static func revealTest(_ signed: Signed<PoUWTestReveal>, _ c: PoUWRuleContext) throws(PoUWError) -> PoUWOutcome {
        let reveal = try c.verified(signed, .pouwTestReveal, field: "revealTest")
        var round = try c.existingRound(reveal.problemID, field: "revealTest.problemID")
        let problem = round.problem
        guard signed.signer == problem.submitter else {
            throw c.fail(.invalidSignature, "revealTest.signer", "not the problem's submitter")
        }
        guard c.height > problem.deadlines.commit else {
            throw c.fail(.tooEarly, "revealTest", "X_test before the commit deadline \(problem.deadlines.commit)")
        }
        guard c.height <= problem.deadlines.revealTest else {
            throw c.fail(.lateReveal, "revealTest", "reveal deadline \(problem.deadlines.revealTest) has passed")
        }
        guard round.testInputs == nil else { throw c.fail(.alreadyRevealed, "revealTest", "X_test is revealed") }
        do {
            try PoUWTestSet.validate(
                inputs: reveal.inputs, task: problem.task, sampleCount: Int(problem.testSampleCount))
        } catch { throw c.fail(error.code, "revealTest." + error.field, error.reason) }
        let digest = PoUWTestSet.inputsDigest(reveal.inputs)
        guard !c.isTestInputUsed(digest) else {
            throw c.fail(.testSetReused, "revealTest.inputs", "X_test \(digest.short) was used by an earlier problem")
        }
        round.testInputs = reveal.inputs
        return PoUWOutcome(round: round, usedTestInput: digest)
    }

    /// Ŷ of shape `sampleCount × outputWidth` from a committed miner, once, after X_test and by the
    /// prediction deadline.
    static func predict(_ signed: Signed<PoUWPredictions>, _ c: PoUWRuleContext) throws(PoUWError) -> PoUWOutcome {
        let message = try c.verified(signed, .pouwPredictions, field: "predictions")
        let miner = try c.minerIndex(signed.signer, field: "predictions.signer")
        var round = try c.existingRound(message.problemID, field: "predictions.problemID")
        let problem = round.problem
        guard round.testInputs != nil else { throw c.fail(.tooEarly, "predictions", "X_test is not revealed") }
        guard c.height <= problem.deadlines.predict else {
            throw c.fail(.latePrediction, "predictions", "prediction deadline \(problem.deadlines.predict) has passed")
        }
        guard round.commitments[miner] != nil else {
            throw c.fail(.notCommitted, "predictions", "miner \(miner) has no model commitment")
        }
        guard round.predictions[miner] == nil else {
            throw c.fail(.doublePrediction, "predictions", "miner \(miner) already predicted")
        }
        let expected = Int(problem.testSampleCount) * problem.task.outputWidth
        guard message.values.count == expected else {
            throw c.fail(
                .predictionShape, "predictions.values",
                "Ŷ needs \(problem.testSampleCount) × \(problem.task.outputWidth) = \(expected) values, got \(message.values.count)"
            )
        }
        round.predictions[miner] = message.values
        return PoUWOutcome(round: round)
    }
}
