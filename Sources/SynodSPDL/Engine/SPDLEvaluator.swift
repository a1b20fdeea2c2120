/// Measures the model after a round: the lab's test-set evaluation (the papers' figures). The
/// protocol code holds no test set; a node passes no evaluator.
public protocol SPDLEvaluator: Sendable {
    /// The test error of `node`'s x after round `round` (from 0) of a run of `rounds`, or nil when
    /// this round is not evaluated.
    func testError(of node: SPDLNode, afterRound round: Int, of rounds: Int) -> Double?
}
