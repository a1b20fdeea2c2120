import SynodCore

/// The reference notebook's experiment (§IV.D) run faithfully, without its bugs: one problem per
/// round, every miner trains (or, for the attacker's own problems, answers with the least-squares
/// fit on the test set it knows), commits, predicts, and the ``AwardingPhase`` appends at most one
/// block whose three checks pass.
///
/// Randomness: miner j's draw for problem p comes from `SeededRandom(seed).split("miner", j)
/// .split("problem", p)` and its 32-byte salt from `.split("salt", j).split("problem", p)`, so a
/// run does not depend on evaluation order.
public struct ReproductionSimulation: Sendable {
    /// The configuration.
    public let configuration: ReproductionConfiguration
    /// The attacker's pre-solved answer: the least-squares fit on the test set.
    public let preSolved: LinearModel?

    /// Validates `configuration`.
    public init(_ configuration: ReproductionConfiguration) throws(ReproductionError) {
        try configuration.validate()
        self.configuration = configuration
        preSolved = configuration.attacker == nil ? nil : LeastSquares.fit(configuration.test)
    }

    /// The model miner `miner` publishes for problem `problem` submitted by `submitter`.
    public func model(miner: Int, problem: Int, submitter: ProblemSubmitter, root: SeededRandom) -> LinearModel {
        if case .miner(let k) = submitter, k == miner, let preSolved { return preSolved }
        var random = root.split("miner", UInt64(miner)).split("problem", UInt64(problem))
        let draw = MinerDraw(from: &random)
        return configuration.trainer.train(from: draw.start, alpha: draw.alpha, on: configuration.train)
    }

    /// Runs every problem with `seed`.
    public func run(seed: UInt64) -> ReproductionRun {
        let c = configuration
        let root = SeededRandom(seed: seed)
        let phase = AwardingPhase(scheme: c.commitment)
        var accounts = RewardAccounts(funding: c.funding, miners: c.miners)
        var winners: [Int?] = []
        winners.reserveCapacity(c.problems)
        var wins = Array(repeating: 0, count: c.miners)
        var attackerProblems = 0
        var attackerOwnWins = 0
        var rejectedBlocks = 0
        for problem in 0..<c.problems {
            let submitter = c.submitter(of: problem)
            var models: [LinearModel] = []
            var salts: [[UInt8]] = []
            var submissions: [MinerSubmission] = []
            for miner in 0..<c.miners {
                let model = model(miner: miner, problem: problem, submitter: submitter, root: root)
                var salt = [UInt8](repeating: 0, count: c.commitment == .sha256 ? 32 : 0)
                var saltRandom = root.split("salt", UInt64(miner)).split("problem", UInt64(problem))
                saltRandom.fill(&salt)
                models.append(model)
                salts.append(salt)
                // A model whose legacy hash is undefined (NaN weights) cannot commit and does not compete.
                guard let commitment = c.commitment.commit(model, salt: salt) else { continue }
                submissions.append(
                    MinerSubmission(miner: miner, commitment: commitment, predictions: model.predictions(c.test.x)))
            }
            let outcome = phase.award(problem: problem, submitter: submitter, test: c.test, submissions: submissions) {
                CandidateBlock(certificate: $0, miner: $0.miner, model: models[$0.miner], salt: salts[$0.miner])
            }
            rejectedBlocks += outcome.rejected.count
            winners.append(outcome.winner)
            if let winner = outcome.winner { wins[winner] += 1 }
            if case .miner = submitter {
                attackerProblems += 1
                if outcome.winner == c.attacker { attackerOwnWins += 1 }
            }
            accounts.settle(submitter: submitter, winner: outcome.winner, reward: c.reward)
        }
        return ReproductionRun(
            seed: seed, winners: winners, wins: wins, attackerProblems: attackerProblems,
            attackerOwnWins: attackerOwnWins, rejectedBlocks: rejectedBlocks, accounts: accounts)
    }
}
