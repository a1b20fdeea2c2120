/// The notebook's miner training: full-batch gradient descent on the mean squared error of
/// ŷ = w0 + w1·x (§IV.C step 1b, with the reference notebook's constants).
public struct GradientDescent: Sendable, Hashable, Codable {
    /// The epochs (the notebook's `ROUND_TIMEOUT`, 500).
    public var epochs: Int

    /// Creates a trainer.
    public init(epochs: Int = 500) { self.epochs = epochs }

    /// Runs `epochs` steps from `start` with learning rate `alpha`:
    /// dw0 = (−2/n)·Σ(y − ŷ), dw1 = (−2/n)·Σ x·(y − ŷ), then w0 −= α·dw0, w1 −= α·dw1, with ŷ from the
    /// weights before the step and every sum left to right.
    public func train(from start: LinearModel, alpha: Double, on data: RegressionData) -> LinearModel {
        var w0 = start.w0
        var w1 = start.w1
        let x = data.x
        let y = data.y
        let scale = -2.0 / Double(data.count)
        for _ in 0..<epochs {
            var s0 = 0.0
            var s1 = 0.0
            for i in 0..<x.count {
                let r = y[i] - (w0 + w1 * x[i])
                s0 += r
                s1 += x[i] * r
            }
            let dw0 = scale * s0
            let dw1 = scale * s1
            w0 -= alpha * dw0
            w1 -= alpha * dw1
        }
        return LinearModel(w0: w0, w1: w1)
    }
}
