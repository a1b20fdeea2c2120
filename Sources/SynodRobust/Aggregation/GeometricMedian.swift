/// Geometric median approximated by the smoothed Weiszfeld algorithm (Pillutla, Kakade, Harchaoui,
/// "Robust Aggregation for Federated Learning", IEEE TSP 2022, Algorithm 3 "SmoothedWeiszfeld"):
/// z ← Σ β_i x_i / Σ β_i with β_i = 1 / max(ν, ‖x_i − z‖).
///
/// - Iterations: at most ``maxIterations``; stops early when ‖z_{t+1} − z_t‖ ≤ ``tolerance``·‖z_{t+1}‖
///   (tolerance 0 runs exactly ``maxIterations``, as ByzFL's `GeometricMedian(nu, T)` does).
/// - Start: the mean (default) or the zero vector (ByzFL).
/// - Precondition: n > 2f (the geometric median has breakdown point 1/2).
/// - Complexity: O(nd) per iteration, one fused pass (weighted sum and next distances per
///   coordinate block), parallel; C kernels (AVX-512/AVX2/portable, bit-identical results).
/// - Accumulation order: the weighted sum runs over the rows in canonical order, per coordinate, in
///   Double (product then sum, from +0); squared distances take differences and squares in Double
///   (no overflow for finite Float input) and sum them over 16 lanes (k mod 16) added in lane order; the step/norm sums use 8 lanes
///   (k mod 8); per-block partials are added in block order. None depends on the thread count.
public struct GeometricMedian: Aggregator {
    /// Where the iteration starts.
    public enum Start: String, Sendable, Hashable, CaseIterable {
        /// The arithmetic mean of the inputs.
        case mean
        /// The zero vector (ByzFL 0.0.11).
        case zero
    }

    /// Smoothing ν > 0 (distances below ν count as ν).
    public var smoothing: Double
    /// Maximum number of Weiszfeld steps (≥ 0; 0 returns the start point).
    public var maxIterations: Int
    /// Relative stopping tolerance on the step length (≥ 0).
    public var tolerance: Double
    /// Start point.
    public var start: Start

    /// Creates the rule. Defaults: ν = 1e-6, at most 100 iterations, tolerance 1e-7, start at the mean.
    public init(smoothing: Double = 1e-6, maxIterations: Int = 100, tolerance: Double = 1e-7, start: Start = .mean) {
        self.smoothing = smoothing
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.start = start
    }

    /// ByzFL's defaults: ν = 0.1, exactly T = 3 iterations from the zero vector.
    public static let byzfl = GeometricMedian(smoothing: 0.1, maxIterations: 3, tolerance: 0, start: .zero)

    /// `"geometric-median"`.
    public var name: String { "geometric-median" }

    /// n > 2f and valid options.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        guard n > 2 * f else { throw AggregationError.precondition(name, "n > 2f", n: n, f: f) }
        guard smoothing > 0, smoothing.isFinite else {
            throw AggregationError(.invalidOption, "geometric-median: nu must be finite and > 0, got \(smoothing)")
        }
        guard maxIterations >= 0 else {
            throw AggregationError(.invalidOption, "geometric-median: iterations must be ≥ 0, got \(maxIterations)")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw AggregationError(.invalidOption, "geometric-median: tolerance must be finite and ≥ 0")
        }
    }

    /// The approximate geometric median.
    ///
    /// Every iterate is a convex combination z_t = Σ_p β_p x_p of the inputs (β = w / Σ w), so the
    /// iterations run on the n coefficients: the Gram matrix G = X Xᵀ is computed once (one pass over
    /// the input, ``RobustKernels/gram(_:rows:isa:)``), ‖x_p − z_t‖² = G_pp − 2 (Gβ)_p + βᵀGβ, and
    /// the stopping test uses ‖z_{t+1} − z_t‖² = ΔᵀGΔ (Δ = β_{t+1} − β_t) and ‖z_{t+1}‖² = β_{t+1}ᵀGβ_{t+1}.
    /// The output Σ w_p x_p / Σ w_p is formed by one final pass. Where cancellation could make a Gram
    /// value inaccurate (a distance tiny relative to the norms, or a stopping test too close to call)
    /// the value is recomputed directly from the explicit iterate (docs/robust.md, "Geometric median
    /// in coefficient space").
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        let order = matrix.canonicalOrder()
        let n = matrix.count
        let d = matrix.dimension
        if maxIterations == 0 {
            let z0 = start == .mean ? Kernels.mean(of: matrix, rows: order) : [Float](repeating: 0, count: d)
            return AggregationResult(vector: z0)
        }
        let space = CoefficientSpace(matrix: matrix, order: order)
        // The current iterate z_t = Σ_p weights[p] · x_{order[p]} / total (position p in canonical order).
        var weights = [Double](repeating: start == .mean ? 1 : 0, count: n)
        var total = start == .mean ? Double(n) : 1
        // z_t in Double, once it has been formed explicitly (only on the guarded paths).
        var explicit: [Double]? = nil
        var next = [Double](repeating: 0, count: n)
        var nextTotal = 0.0
        for iteration in 1...maxIterations {
            let distances = space.distances(weights: weights, total: total, smoothing: smoothing, explicit: &explicit)
            nextTotal = 0.0
            for p in 0..<n {
                next[p] = 1 / max(smoothing, distances[p])
                nextTotal += next[p]
            }
            if iteration == maxIterations { break }
            var nextExplicit: [Double]? = nil
            if tolerance > 0 {
                let threshold = tolerance * tolerance
                let (step, stepError) = space.squaredNorm(
                    coefficients: (0..<n).map { next[$0] / nextTotal - weights[$0] / total })
                let (norm, normError) = space.squaredNorm(coefficients: next.map { $0 / nextTotal })
                var stop: Bool
                if step + stepError <= threshold * (norm - normError) {
                    stop = true
                } else if step - stepError > threshold * (norm + normError) {
                    stop = false
                } else {
                    // Too close to call from the Gram matrix: form both iterates and test directly.
                    let current = explicit ?? space.point(weights: weights, total: total)
                    let candidate = space.point(weights: next, total: nextTotal)
                    var directStep = 0.0
                    var directNorm = 0.0
                    for k in 0..<d {
                        let delta = candidate[k] - current[k]
                        directStep += delta * delta
                        directNorm += candidate[k] * candidate[k]
                    }
                    stop = directStep.squareRoot() <= tolerance * directNorm.squareRoot()
                    nextExplicit = candidate
                }
                if stop {
                    if let z = nextExplicit { return AggregationResult(vector: z.map { Float($0) }) }
                    return AggregationResult(vector: space.output(weights: next, total: nextTotal))
                }
            }
            swap(&weights, &next)
            total = nextTotal
            explicit = nextExplicit
        }
        return AggregationResult(vector: space.output(weights: next, total: nextTotal))
    }

    /// ‖x_i − z‖ for every row against a Float z (``RobustKernels/squaredDistance(_:_:_:isa:)``), blocked
    /// and parallel.
    static func distances(_ matrix: VectorMatrix, toFloat z: [Float]) -> [Double] {
        z.withUnsafeBufferPointer { zBuffer in
            let zBase = zBuffer.baseAddress!
            return blockedDistances(matrix) { row, s, length in
                RobustKernels.squaredDistance(row + s, zBase + s, length)
            }
        }
    }

    /// ‖x_i − z‖ for every row, blocked and parallel, partials summed in block order.
    static func distances(_ matrix: VectorMatrix, to z: [Double]) -> [Double] {
        z.withUnsafeBufferPointer { zBuffer in
            let zBase = zBuffer.baseAddress!
            return blockedDistances(matrix) { row, s, length in Kernels.squaredDistance(row + s, zBase + s, length) }
        }
    }

    /// Euclidean row norms of `x_i − z` where `squaredDistance(rowStart, blockStart, length)` gives one
    /// block's squared distance: blocks run in parallel, and each row's partials are summed in block
    /// order, so the result does not depend on the thread count.
    private static func blockedDistances(
        _ matrix: VectorMatrix,
        squaredDistance: (UnsafePointer<Float>, Int, Int) -> Double
    ) -> [Double] {
        let n = matrix.count
        let d = matrix.dimension
        let blocks = Parallel.blockCount(d)
        var partial = [Double](repeating: 0, count: blocks * n)
        matrix.storage.withUnsafeBufferPointer { storage in
            partial.withUnsafeMutableBufferPointer { out in
                let base = storage.baseAddress!
                let outBase = out.baseAddress!
                Parallel.forEach(blocks) { block in
                    let s = block * Parallel.blockSize
                    let length = min(Parallel.blockSize, d - s)
                    for row in 0..<n {
                        outBase[block * n + row] = squaredDistance(base + row * d, s, length)
                    }
                }
            }
        }
        return (0..<n).map { row in
            var s = 0.0
            for block in 0..<blocks { s += partial[block * n + row] }
            return s.squareRoot()
        }
    }
}
