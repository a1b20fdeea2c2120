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
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        let order = matrix.canonicalOrder()
        let n = matrix.count
        let d = matrix.dimension
        let blocks = Parallel.blockCount(d)
        var z = [Double](repeating: 0, count: d)
        if start == .mean {
            let mean = Kernels.mean(of: matrix, rows: order)
            for k in 0..<d { z[k] = Double(mean[k]) }
        }
        // Distances are computed against z rounded to Float (differences, squares and sums in Double): the rounding of z only perturbs the weighting, while the weighted means themselves
        // are accumulated in Double.
        var zFloat = z.map { Float($0) }
        var distances = GeometricMedian.distances(matrix, toFloat: zFloat)
        var weights = [Double](repeating: 0, count: n)
        var partialDistances = [Double](repeating: 0, count: blocks * n)
        var partialStep = [Double](repeating: 0, count: blocks)
        var partialNorm = [Double](repeating: 0, count: blocks)
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            // The distances to the new z are only needed if another step may follow.
            let needDistances = iteration < maxIterations
            var total = 0.0
            for (r, row) in order.enumerated() {
                weights[r] = 1 / max(smoothing, distances[row])
                total += weights[r]
            }
            matrix.storage.withUnsafeBufferPointer { storage in
                z.withUnsafeMutableBufferPointer { zBuffer in
                    zFloat.withUnsafeMutableBufferPointer { zfBuffer in
                        partialDistances.withUnsafeMutableBufferPointer { pd in
                            partialStep.withUnsafeMutableBufferPointer { ps in
                                partialNorm.withUnsafeMutableBufferPointer { pn in
                                    order.withUnsafeBufferPointer { orderBuffer in
                                        weights.withUnsafeBufferPointer { weightBuffer in
                                            let base = storage.baseAddress!
                                            let zBase = zBuffer.baseAddress!
                                            let zfBase = zfBuffer.baseAddress!
                                            let pdBase = pd.baseAddress!
                                            let psBase = ps.baseAddress!
                                            let pnBase = pn.baseAddress!
                                            let rows = orderBuffer.baseAddress!
                                            let w = weightBuffer.baseAddress!
                                            Parallel.forEach(blocks) { block in
                                                let s = block * Parallel.blockSize
                                                let length = min(Parallel.blockSize, d - s)
                                                withUnsafeTemporaryAllocation(of: Double.self, capacity: length) {
                                                    acc in
                                                    RobustKernels.weightedRowSum(
                                                        base, stride: d, offset: s, length: length, rows: rows,
                                                        weights: w, count: n, into: acc.baseAddress!)
                                                    let (step, norm) = RobustKernels.weiszfeldUpdate(
                                                        acc.baseAddress!, length: length, total: total,
                                                        z: zBase + s, zFloat: zfBase + s)
                                                    psBase[block] = step
                                                    pnBase[block] = norm
                                                    // Distances to the new z while the block is still in cache.
                                                    for row in 0..<n where needDistances {
                                                        pdBase[block * n + row] = RobustKernels.squaredDistance(
                                                            base + row * d + s, zfBase + s, length)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var step = 0.0
            var norm = 0.0
            for block in 0..<blocks {
                step += partialStep[block]
                norm += partialNorm[block]
            }
            for row in 0..<n where needDistances {
                var s = 0.0
                for block in 0..<blocks { s += partialDistances[block * n + row] }
                distances[row] = s.squareRoot()
            }
            if tolerance > 0 && step.squareRoot() <= tolerance * norm.squareRoot() { break }
        }
        return AggregationResult(vector: z.map { Float($0) })
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
