/// The settings of one faithful-reproduction run (§IV.D with the reference notebook's constants).
public struct ReproductionConfiguration: Sendable, Hashable, Codable {
    /// Miners (the notebook's n = 5).
    public var miners: Int
    /// Problems, one per round in FIFO order (the notebook's `MAX_ROUNDS` = 1000).
    public var problems: Int
    /// The reward per block (2.5).
    public var reward: Double
    /// Each miner's training (500 epochs of full-batch gradient descent).
    public var trainer: GradientDescent
    /// The Byzantine miner that submits pre-solved problems, or `nil` when all are honest.
    public var attacker: Int?
    /// The attacker submits problem p iff p % `attackPeriod` == 0 (2: every even-numbered problem).
    public var attackPeriod: Int
    /// Where rewards come from.
    public var funding: RewardFunding
    /// The commitment scheme.
    public var commitment: CommitmentScheme
    /// The training set of every problem.
    public var train: RegressionData
    /// The test set of every problem.
    public var test: RegressionData

    /// Creates a configuration; the defaults are the notebook's all-honest run (Fig. 1).
    public init(
        miners: Int = 5, problems: Int = 1000, reward: Double = 2.5, trainer: GradientDescent = GradientDescent(),
        attacker: Int? = nil, attackPeriod: Int = 2, funding: RewardFunding = .minted,
        commitment: CommitmentScheme = .sha256, train: RegressionData = .notebookTrain,
        test: RegressionData = .notebookTest
    ) {
        self.miners = miners
        self.problems = problems
        self.reward = reward
        self.trainer = trainer
        self.attacker = attacker
        self.attackPeriod = attackPeriod
        self.funding = funding
        self.commitment = commitment
        self.train = train
        self.test = test
    }

    /// Fig. 1: five honest miners.
    public static let figure1 = ReproductionConfiguration()
    /// Fig. 2: five miners, the last one Byzantine, submitting every even-numbered problem.
    public static let figure2 = ReproductionConfiguration(attacker: 4)
    /// The impossibility setting of §IV.B: three nodes, f = 1 (the last one).
    public static let impossibility = ReproductionConfiguration(miners: 3, attacker: 2)

    /// The submitter of problem `p`.
    public func submitter(of p: Int) -> ProblemSubmitter {
        if let attacker, p % attackPeriod == 0 { return .miner(attacker) }
        return .independent(problem: p)
    }

    /// Throws unless every value is in range.
    public func validate() throws(ReproductionError) {
        guard (1...1000).contains(miners) else {
            throw ReproductionError(.invalidConfiguration, field: "miners", "must be in 1...1000, got \(miners)")
        }
        guard (1...1_000_000).contains(problems) else {
            throw ReproductionError(.invalidConfiguration, field: "problems", "must be in 1...1000000, got \(problems)")
        }
        guard reward.isFinite, reward > 0 else {
            throw ReproductionError(.invalidConfiguration, field: "reward", "must be finite and > 0, got \(reward)")
        }
        guard (0...100_000).contains(trainer.epochs) else {
            throw ReproductionError(
                .invalidConfiguration, field: "trainer.epochs", "must be in 0...100000, got \(trainer.epochs)")
        }
        guard attackPeriod >= 1 else {
            throw ReproductionError(.invalidConfiguration, field: "attackPeriod", "must be ≥ 1, got \(attackPeriod)")
        }
        if let attacker {
            guard (0..<miners).contains(attacker) else {
                throw ReproductionError(
                    .invalidConfiguration, field: "attacker", "must be in 0..<\(miners), got \(attacker)")
            }
            guard LeastSquares.fit(test) != nil else {
                throw ReproductionError(.invalidData, field: "test.x", "all inputs are equal: no pre-solved fit")
            }
        }
    }
}
