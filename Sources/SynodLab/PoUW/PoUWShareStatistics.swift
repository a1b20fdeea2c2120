/// One miner's share over all seeds, beside the analytic model and the paper.
public struct PoUWShareStatistics: Sendable, Hashable, Codable {
    /// The miner's index.
    public var miner: Int
    /// Whether it is the attacker.
    public var attacker: Bool
    /// Mean share over the seeds.
    public var mean: Double
    /// Sample standard deviation over the seeds (0 for one seed).
    public var standardDeviation: Double
    /// Smallest share.
    public var min: Double
    /// Largest share.
    public var max: Double
    /// The analytic mean (``SynodPoUW/RewardShareModel``).
    public var analyticMean: Double
    /// The analytic standard deviation.
    public var analyticStandardDeviation: Double
    /// The paper's bar, or `nil`.
    public var paper: Double?

    /// Statistics of `values`.
    public init(
        miner: Int, attacker: Bool, values: [Double], analyticMean: Double, analyticStandardDeviation: Double,
        paper: Double?
    ) {
        self.miner = miner
        self.attacker = attacker
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        let m = mean
        standardDeviation =
            values.count > 1 ? (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot() : 0
        min = values.min() ?? 0
        max = values.max() ?? 0
        self.analyticMean = analyticMean
        self.analyticStandardDeviation = analyticStandardDeviation
        self.paper = paper
    }
}
