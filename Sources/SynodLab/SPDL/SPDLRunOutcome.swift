import SynodSPDL

/// What an experiment series records about a finished run (``SPDLEngineSimulation/Summary``).
protocol SPDLRunOutcome {
    /// Per-round metrics.
    var rounds: [SPDLRoundMetrics] { get }
    /// Test error of the final model.
    var finalTestError: Double { get }
    /// Lowest test error seen.
    var bestTestError: Double { get }
    /// Whether every honest replica ended with the same ledger and model.
    var honestAgree: Bool { get }
    /// The reference replica's ledger tip hash (hex).
    var tipHash: String { get }
    /// SHA-256 of the reference replica's final parameters (hex).
    var parameterDigest: String { get }
}

extension SPDLEngineSimulation.Summary: SPDLRunOutcome {}

extension SPDLExperiment.SeriesResult {
    /// Copies the outcome of a run into this result; returns its rounds.
    mutating func record(_ outcome: some SPDLRunOutcome) -> [SPDLRoundMetrics] {
        finalTestError = outcome.finalTestError
        bestTestError = outcome.bestTestError
        honestAgree = outcome.honestAgree
        parameterDigest = outcome.parameterDigest
        tipHash = outcome.tipHash
        return outcome.rounds
    }
}
