/// The evaluation scoring and the awarding phase of one competition (§IV.C steps 2d and 3), without
/// I/O: the submitter ranks the predictions by test SSE, certifies the best miner, and every honest
/// miner checks the winner's block; on a failed check the block is not appended and the submitter
/// certifies the next best (the restart from step 3b).
public struct AwardingPhase: Sendable, Hashable {
    /// The commitment scheme check (ii) uses.
    public var scheme: CommitmentScheme

    /// Creates the phase.
    public init(scheme: CommitmentScheme) { self.scheme = scheme }

    /// Ranks `submissions` on `test` and awards `problem`: for each miner in rank order, issue the
    /// certificate (step 3b), obtain its block from `build` (steps 3c–3e) and run the three checks
    /// (step 3f); the first block that passes is appended.
    public func award(
        problem: Int, submitter: ProblemSubmitter, test: RegressionData, submissions: [MinerSubmission],
        build: (WinCertificate) -> CandidateBlock
    ) -> AwardOutcome {
        let losses = submissions.map { LinearModel.sumOfSquaredErrors($0.predictions, targets: test.y) }
        let order = submissions.indices.sorted {
            (losses[$0], submissions[$0].miner) < (losses[$1], submissions[$1].miner)
        }
        var rejected: [Rejection] = []
        for index in order {
            let submission = submissions[index]
            let certificate = WinCertificate(problem: problem, submitter: submitter, miner: submission.miner)
            let block = build(certificate)
            if let misconduct = check(block, certificate: certificate, submission: submission, testInputs: test.x) {
                rejected.append(Rejection(miner: submission.miner, misconduct: misconduct))
                continue
            }
            return AwardOutcome(
                losses: losses, ranking: order.map { submissions[$0].miner }, block: block, rejected: rejected)
        }
        return AwardOutcome(
            losses: losses, ranking: order.map { submissions[$0].miner }, block: nil, rejected: rejected)
    }

    /// The three block checks of §IV.C step 3f, in order; `nil` when all pass.
    /// (i) the block carries `certificate` and was built by its miner; (ii) the model opens the
    /// winner's commitment; (iii) the model maps `testInputs` to the winner's Ŷ bit for bit.
    public func check(
        _ block: CandidateBlock, certificate: WinCertificate, submission: MinerSubmission, testInputs: [Double]
    ) -> Misconduct? {
        guard block.certificate == certificate, block.miner == certificate.miner else { return .certificate }
        guard scheme.verify(block.model, salt: block.salt, against: submission.commitment) else { return .commitment }
        let recomputed = block.model.predictions(testInputs)
        guard recomputed.map(\.bitPattern) == submission.predictions.map(\.bitPattern) else { return .predictions }
        return nil
    }
}
