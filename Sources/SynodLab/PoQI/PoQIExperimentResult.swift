import SynodPoQI

/// One method's outcome in one setting (N nodes, f faulty).
public struct PoQIMethodResult: Sendable, Hashable, Codable {
    /// `model:<name>`, `weightedAverage`, `majorityVoting` or `poqi`.
    public var method: String
    /// N.
    public var nodes: Int
    /// f.
    public var faulty: Int
    /// Accuracy per node (nil for faulty nodes, whose results the paper does not report).
    public var perNodeAccuracy: [Double?]
    /// Fraction of samples on which every honest node decided the same label.
    public var honestAgreement: Double
    /// Mean accuracy over honest nodes.
    public var meanHonestAccuracy: Double
    /// Decided samples per second (PoQI only: the whole simulated protocol, signatures included).
    public var samplesPerSecond: Double?
    /// Timeout view changes (PoQI only).
    public var viewChanges: Int?
    /// Primary attempts (decided blocks) per sample (PoQI only).
    public var attemptsPerSample: Double?
    /// Samples decided by Group of Experts / Most Honest (PoQI only).
    public var conflictSamples: Int?
    /// `engine`: PoQI ran on the PBFT engine in the simulator (`direct` in older result files,
    /// written by a driver that no longer exists).
    public var driver: String?
    /// Decided engine blocks (engine only).
    public var blocks: Int?
    /// PoQI views skipped because the primary's prediction was not certified (engine only).
    public var skippedViews: Int?
    /// Whether every honest replica's ledger holds the same blocks (engine only).
    public var identicalLedgers: Bool?
    /// The simulator's liveness failure, if any (engine only).
    public var livenessFailure: String?
    /// Decided samples per second of simulated (virtual) time, with the simulator's latency (engine only).
    public var simulatedSamplesPerSecond: Double?
}

/// The result of `synod experiment poqi --table N`.
public struct PoQIExperimentResult: Sendable, Hashable, Codable {
    /// 1 or 2.
    public var table: Int
    /// Test samples used.
    public var samples: Int
    /// Model names in node order.
    public var models: [String]
    /// Test accuracy of each model on these samples.
    public var modelAccuracies: [Double]
    /// Validation accuracies (weights).
    public var validationAccuracies: [Double]
    /// Every method × setting.
    public var results: [PoQIMethodResult]
    /// The PoQI rules used.
    public var parameters: PoQIParameters
    /// Faulty-vector scale.
    public var byzantineScale: Double
    /// Seed.
    public var seed: UInt64
}
