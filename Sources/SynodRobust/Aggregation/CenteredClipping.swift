/// Centered Clipping (Karimireddy, He, Jaggi, "Learning from History for Byzantine Robust
/// Optimization", ICML 2021, Eq. (CC) / Algorithm 2): starting from a centre v₀,
/// v_{l+1} = v_l + (1/n) Σ_i (x_i − v_l) · min(1, τ / ‖x_i − v_l‖), for l = 0 … L−1.
///
/// The paper starts from the previous round's aggregate (it is a rule with memory). Here the rule is
/// a pure function of its inputs: pass that centre explicitly (``center``), or use
/// ``StatefulCenteredClipping`` which stores its output as the next centre, like ByzFL.
///
/// - Precondition: n > 2f (the paper's guarantee needs f/n small; we require at least a majority).
/// - Complexity: O(L·n·d); sums in canonical order in Double.
public struct CenteredClipping: Aggregator {
    /// Clipping radius τ > 0.
    public var radius: Double
    /// Number of clipping iterations L ≥ 1.
    public var iterations: Int
    /// The start v₀; nil means the zero vector.
    public var center: [Float]?

    /// Creates the rule. Defaults follow ByzFL (τ = 100, L = 1, v₀ = 0); the paper's experiments use
    /// τ tuned per task and v₀ = the previous aggregate.
    public init(radius: Double = 100, iterations: Int = 1, center: [Float]? = nil) {
        self.radius = radius
        self.iterations = iterations
        self.center = center
    }

    /// `"centered-clipping"`.
    public var name: String { "centered-clipping" }

    /// n > 2f, τ > 0, L ≥ 1.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        guard n > 2 * f else { throw AggregationError.precondition(name, "n > 2f", n: n, f: f) }
        guard radius > 0, radius.isFinite else {
            throw AggregationError(.invalidOption, "centered-clipping: tau must be finite and > 0, got \(radius)")
        }
        guard iterations >= 1 else {
            throw AggregationError(.invalidOption, "centered-clipping: iterations must be ≥ 1, got \(iterations)")
        }
    }

    /// v_L.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        let n = matrix.count
        let d = matrix.dimension
        var v = [Double](repeating: 0, count: d)
        if let center {
            guard center.count == d else {
                throw AggregationError(
                    .dimensionMismatch, "centered-clipping: centre has dimension \(center.count), expected \(d)")
            }
            guard center.allSatisfy(\.isFinite) else {
                throw AggregationError(.invalidOption, "centered-clipping: centre holds a non-finite value")
            }
            for k in 0..<d { v[k] = Double(center[k]) }
        }
        let order = matrix.canonicalOrder()
        for _ in 0..<iterations {
            let distances = GeometricMedian.distances(matrix, to: v)
            let scale = order.map { row in distances[row] > 0 ? min(1, radius / distances[row]) : 1 }
            let inverseN = 1 / Double(n)
            let scaleSum = scale.reduce(0, +)
            matrix.storage.withUnsafeBufferPointer { storage in
                v.withUnsafeMutableBufferPointer { vBuffer in
                    let base = storage.baseAddress!
                    let vBase = vBuffer.baseAddress!
                    Parallel.forEach(Parallel.blockCount(d)) { block in
                        let s = block * Parallel.blockSize
                        let length = min(Parallel.blockSize, d - s)
                        // Σ c_i (x_i − v) = Σ c_i x_i − (Σ c_i) v, both sums in canonical order.
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: length) { acc in
                            Kernels.weightedRowSum(
                                base, stride: d, offset: s, length: length, rows: order, weights: scale,
                                into: acc.baseAddress!)
                            for k in 0..<length { vBase[s + k] += inverseN * (acc[k] - scaleSum * vBase[s + k]) }
                        }
                    }
                }
            }
        }
        return AggregationResult(vector: v.map { Float($0) })
    }
}
