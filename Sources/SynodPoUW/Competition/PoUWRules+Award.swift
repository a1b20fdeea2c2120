import SynodCore

extension PoUWRules {
    /// Y_test and the salt from the submitter after the prediction deadline and by the label
    /// deadline, opening `H(X_test ‖ Y_test ‖ salt)`. Every replica then scores every Ŷ itself and
    /// ranks the miners (score, then lowest miner index; §IV.C steps 2d and 3a); the best may
    /// publish. Nobody predicted: the escrow goes back to the submitter.
    static func revealLabels(_ signed: Signed<PoUWLabelReveal>, _ c: PoUWRuleContext) throws(PoUWError)
        -> PoUWOutcome
    {
        let reveal = try c.verified(signed, .pouwLabelReveal, field: "revealLabels")
        var round = try c.existingRound(reveal.problemID, field: "revealLabels.problemID")
        let problem = round.problem
        guard signed.signer == problem.submitter else {
            throw c.fail(.invalidSignature, "revealLabels.signer", "not the problem's submitter")
        }
        guard let inputs = round.testInputs, c.height > problem.deadlines.predict else {
            throw c.fail(.tooEarly, "revealLabels", "Y_test before X_test or before the prediction deadline")
        }
        guard c.height <= problem.deadlines.revealLabels else {
            throw c.fail(.lateReveal, "revealLabels", "label deadline \(problem.deadlines.revealLabels) has passed")
        }
        guard round.labels == nil else { throw c.fail(.alreadyRevealed, "revealLabels", "Y_test is revealed") }
        do {
            try PoUWTestSet.validate(
                labels: reveal.labels, task: problem.task, sampleCount: Int(problem.testSampleCount))
        } catch { throw c.fail(error.code, "revealLabels." + error.field, error.reason) }
        guard PoUWTestSet.commitment(inputs: inputs, labels: reveal.labels, salt: reveal.salt) == problem.testCommitment
        else {
            throw c.fail(.revealMismatch, "revealLabels", "X_test ‖ Y_test ‖ salt does not open the test commitment")
        }
        round.labels = reveal.labels
        let ranked = ranking(round.predictions, labels: reveal.labels, task: problem.task)
        round.ranking = ranked.map(\.miner)
        round.scores = ranked.map(\.score)
        guard !ranked.isEmpty else {
            round.status = .unawarded
            let refund: [PoUWSettlement] =
                problem.bounty > 0 ? [.release(to: problem.submitter.nodeID, amount: problem.bounty)] : []
            return PoUWOutcome(round: round, settlements: refund)
        }
        round.candidatePosition = 0
        round.candidateSince = c.height
        return PoUWOutcome(round: round)
    }

    /// Scores every miner's Ŷ against `labels` and sorts best first; equal scores go to the lowest
    /// miner index (the reference notebook's insertion order).
    public static func ranking(_ predictions: [UInt32: [Float]], labels: [Float], task: PoUWTaskKind)
        -> [(miner: UInt32, score: PoUWScore)]
    {
        predictions.keys.sorted().map {
            (miner: $0, score: PoUWScore.score(predictions[$0]!, labels: labels, task: task))
        }
        .sorted { $0.score < $1.score || ($0.score == $1.score && $0.miner < $1.miner) }
    }

    /// The winner's block (§IV.C steps 3d–3f): from the current candidate, passing the three
    /// checks. The bounty (and, with minting, the mint reward) goes to it.
    static func publish(_ signed: Signed<PoUWPublication>, _ c: PoUWRuleContext) throws(PoUWError) -> PoUWOutcome {
        let (round, miner, position) = try publisher(signed, c, field: "publication")
        guard position == round.candidatePosition else {
            throw c.fail(
                .notCandidate, "publication.signer",
                "miner \(miner) is not the candidate (\(round.candidate.map(String.init) ?? "none"))")
        }
        try check(signed.payload, miner: miner, position: position, round: round, c)
        var next = round
        next.status = .awarded(miner)
        let winner = c.miners[Int(miner)].nodeID
        var settlements: [PoUWSettlement] = []
        if round.problem.bounty > 0 { settlements.append(.release(to: winner, amount: round.problem.bounty)) }
        if c.configuration.mintReward > 0 { settlements.append(.mint(to: winner, amount: c.configuration.mintReward)) }
        return PoUWOutcome(round: next, settlements: settlements)
    }

    /// A ranked miner's signed publication that fails a check: the miner is excluded for good and,
    /// if it was the candidate, the next best not excluded may publish from this height (the
    /// restart from step 3b).
    static func reportMisconduct(_ evidence: PoUWMisconductEvidence, _ c: PoUWRuleContext) throws(PoUWError)
        -> PoUWOutcome
    {
        let signed = evidence.publication
        let (round, miner, position): (PoUWRound, UInt32, Int)
        do { (round, miner, position) = try publisher(signed, c, field: "evidence.publication") } catch {
            throw c.fail(.invalidEvidence, error.field, "not attributable to a ranked miner: \(error.reason)")
        }
        let kind: PoUWMisconductKind
        do throws(PoUWError) {
            try check(signed.payload, miner: miner, position: position, round: round, c)
            throw c.fail(.invalidEvidence, "evidence.publication", "the publication passes every check")
        } catch {
            guard let failed = PoUWMisconductKind(error.code) else { throw error }
            kind = failed
        }
        var next = round
        next.excluded.insert(miner)
        if next.candidatePosition == position {
            next.candidatePosition = next.nextEligible(after: position)
            next.candidateSince = c.height
        }
        let record = PoUWMisconductRecord(problemID: round.problemID, miner: miner, kind: kind, height: c.height)
        return PoUWOutcome(round: next, misconduct: record)
    }

    /// Closes a round that cannot finish: the submitter missed the X_test or Y_test deadline (its
    /// escrow is forfeited by the genesis rule), or every candidate's publish window passed (the
    /// escrow is split among the ranked miners never proven to cheat; none: back to the submitter).
    static func abandon(_ problemID: Digest, _ c: PoUWRuleContext) throws(PoUWError) -> PoUWOutcome {
        var round = try c.existingRound(problemID, field: "abandon.problemID")
        round.advanceCandidate(to: c.height, window: c.configuration.publishWindow)
        let problem = round.problem
        let receivers: [UInt32]
        if round.testInputs == nil || round.labels == nil {
            let deadline = round.testInputs == nil ? problem.deadlines.revealTest : problem.deadlines.revealLabels
            guard c.height > deadline else {
                throw c.fail(.notAbandonable, "abandon", "the submitter may still reveal until \(deadline)")
            }
            receivers = c.configuration.forfeit == .committers ? round.commitments.keys.sorted() : []
        } else {
            guard round.candidatePosition == nil else {
                throw c.fail(.notAbandonable, "abandon", "miner \(round.candidate!) may still publish")
            }
            receivers = round.ranking.filter { !round.excluded.contains($0) }
        }
        round.status = .abandoned
        let bounty = problem.bounty
        guard bounty > 0 else { return PoUWOutcome(round: round) }
        var settlements: [PoUWSettlement] = []
        if receivers.isEmpty, round.labels != nil {
            settlements.append(.release(to: problem.submitter.nodeID, amount: bounty))
        } else if receivers.isEmpty {
            settlements.append(.burnEscrow(amount: bounty))
        } else {
            let count = UInt64(receivers.count)
            for (index, miner) in receivers.enumerated() {
                let share = bounty / count + (UInt64(index) < bounty % count ? 1 : 0)
                if share > 0 { settlements.append(.release(to: c.miners[Int(miner)].nodeID, amount: share)) }
            }
        }
        return PoUWOutcome(round: round, settlements: settlements)
    }

    /// The round, miner index and ranking position of a publication's signer: a valid signature, a
    /// miner, an open round with the ranking known, a ranked miner not excluded. The round's
    /// candidate is advanced to the context's height.
    static func publisher(_ signed: Signed<PoUWPublication>, _ c: PoUWRuleContext, field: String) throws(PoUWError)
        -> (PoUWRound, UInt32, Int)
    {
        let publication = try c.verified(signed, .pouwPublication, field: field)
        let miner = try c.minerIndex(signed.signer, field: field + ".signer")
        var round = try c.existingRound(publication.problemID, field: field + ".certificate.problemID")
        guard round.labels != nil else { throw c.fail(.tooEarly, field, "Y_test is not revealed yet") }
        round.advanceCandidate(to: c.height, window: c.configuration.publishWindow)
        guard let position = round.ranking.firstIndex(of: miner), !round.excluded.contains(miner) else {
            throw c.fail(.notCandidate, field + ".signer", "miner \(miner) is not ranked or is excluded")
        }
        return (round, miner, position)
    }

    /// The three checks of §IV.C step 3f on a publication by the miner at `position` of the ranking:
    /// (i) the certificate is the submitter's valid signature over exactly this award (problem,
    /// winner, commitment, Ŷ digest, rank); (ii) the model opens the miner's commitment;
    /// (iii) ``PoUWInference`` maps X_test to the miner's Ŷ bit for bit.
    public static func check(
        _ publication: PoUWPublication, miner: UInt32, position: Int, round: PoUWRound, _ c: PoUWRuleContext
    ) throws(PoUWError) {
        let key = c.miners[Int(miner)]
        let certificate = publication.certificate
        guard let committed = round.commitments[miner], let predictions = round.predictions[miner],
            let inputs = round.testInputs
        else { throw c.fail(.notCommitted, "publication", "miner \(miner) has no commitment or predictions") }
        guard certificate.submitter == round.problem.submitter, certificate.isValidlySigned else {
            throw c.fail(
                .forgedCertificate, "publication.certificate.signature", "not signed by the problem's submitter")
        }
        guard certificate.winner == key, certificate.modelCommitment == committed,
            certificate.predictionDigest == PoUWPredictions.digest(predictions),
            certificate.rank == UInt32(position + 1)
        else {
            throw c.fail(
                .forgedCertificate, "publication.certificate",
                "the certificate does not name this miner, its commitment, its Ŷ and rank \(position + 1)")
        }
        let model = publication.model
        guard model.task == round.problem.task, committed.isOpened(by: model, salt: publication.salt, miner: key) else {
            throw c.fail(.modelMismatch, "publication.model", "hash(model) ≠ the commitment \(committed)")
        }
        let computed = PoUWInference.predict(model, inputs: inputs, sampleCount: Int(round.problem.testSampleCount))
        if let index = computed.indices.first(where: { computed[$0].bitPattern != predictions[$0].bitPattern }) {
            throw c.fail(
                .predictionMismatch, "publication.model",
                "model(X_test)[\(index)] = \(computed[index]) ≠ Ŷ[\(index)] = \(predictions[index]) (bitwise)")
        }
    }
}
