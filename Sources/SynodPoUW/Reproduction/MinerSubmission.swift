/// What a miner sends the submitter during one competition: its commitment h⁽ⁱ⁾ (step 1c) and its
/// predictions Ŷ⁽ⁱ⁾ on X_test (step 2c).
public struct MinerSubmission: Sendable, Hashable {
    /// The miner's index.
    public var miner: Int
    /// h⁽ⁱ⁾.
    public var commitment: ReproductionCommitment
    /// Ŷ⁽ⁱ⁾ = f⁽ⁱ⁾(X_test | W⁽ⁱ⁾).
    public var predictions: [Double]

    /// Creates a submission.
    public init(miner: Int, commitment: ReproductionCommitment, predictions: [Double]) {
        self.miner = miner
        self.commitment = commitment
        self.predictions = predictions
    }
}
