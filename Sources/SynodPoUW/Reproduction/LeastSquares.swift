/// Ordinary least squares for ŷ = w0 + w1·x in closed form.
public enum LeastSquares {
    /// w1 = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², w0 = ȳ − w1·x̄, every sum left to right. Returns `nil`
    /// when all inputs are equal (the slope is undefined).
    ///
    /// On the notebook's test set this is the pre-solved answer of the attack (§IV.B, §IV.D), the
    /// global minimum of the test SSE.
    public static func fit(_ data: RegressionData) -> LinearModel? {
        let n = Double(data.count)
        var sx = 0.0
        var sy = 0.0
        for i in 0..<data.count {
            sx += data.x[i]
            sy += data.y[i]
        }
        let mx = sx / n
        let my = sy / n
        var sxy = 0.0
        var sxx = 0.0
        for i in 0..<data.count {
            let dx = data.x[i] - mx
            sxy += dx * (data.y[i] - my)
            sxx += dx * dx
        }
        guard sxx > 0 else { return nil }
        let w1 = sxy / sxx
        return LinearModel(w0: my - w1 * mx, w1: w1)
    }
}
