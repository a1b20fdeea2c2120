/// The analytic distribution of the reward shares (§IV.D): honest miners are i.i.d., so each
/// problem the attacker did not submit is won by each of the n miners with probability 1/n, and the
/// attacker wins all of its own a problems. Over N problems with h = N − a honest ones:
/// - attacker share = (a + Binomial(h, 1/n)) / N, mean (a + h/n)/N, sd √(h·(1/n)(1 − 1/n))/N;
/// - each honest miner's share = Binomial(h, 1/n) / N, mean (h/n)/N, the same sd.
///
/// Fig. 2 (N = 1000, a = 500, n = 5): attacker 0.5 + Binomial(500, 1/5)/1000, mean 0.6,
/// sd √80/1000 ≈ 0.0089; Fig. 1 (a = 0): each share Binomial(1000, 1/5)/1000, mean 0.2, sd ≈ 0.0126.
public struct RewardShareModel: Sendable, Hashable, Codable {
    /// Miners n.
    public var miners: Int
    /// Problems N.
    public var problems: Int
    /// Problems submitted by the attacker, a.
    public var attackerProblems: Int

    /// Creates the model.
    public init(miners: Int, problems: Int, attackerProblems: Int) {
        self.miners = miners
        self.problems = problems
        self.attackerProblems = attackerProblems
    }

    /// The model of `configuration`.
    public init(_ configuration: ReproductionConfiguration) {
        let a =
            configuration.attacker == nil
            ? 0 : (0..<configuration.problems).filter { $0 % configuration.attackPeriod == 0 }.count
        self.init(miners: configuration.miners, problems: configuration.problems, attackerProblems: a)
    }

    private var honestProblems: Double { Double(problems - attackerProblems) }
    private var p: Double { 1 / Double(miners) }

    /// The mean share of a miner that submits no problem.
    public var honestMean: Double { honestProblems * p / Double(problems) }
    /// The mean share of the attacker.
    public var attackerMean: Double { (Double(attackerProblems) + honestProblems * p) / Double(problems) }
    /// The standard deviation of any miner's share.
    public var standardDeviation: Double { (honestProblems * p * (1 - p)).squareRoot() / Double(problems) }
}
