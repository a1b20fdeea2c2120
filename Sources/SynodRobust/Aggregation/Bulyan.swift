/// Bulyan (El Mhamdi, Guerraoui, Rouault, "The Hidden Vulnerability of Distributed Learning in
/// Byzantium", ICML 2018, §4, Algorithm "Bulyan"): θ = n − 2f vectors are selected by applying Krum
/// θ times, each time removing the chosen vector and recomputing the scores on the remaining set;
/// then per coordinate the β = θ − 2f values closest to the median of the θ selected are averaged.
///
/// - Krum inside Bulyan uses max(1, |S| − f − 2) neighbours on the current set S (the last
///   recursions have |S| < 2f + 3; Flower's paper-faithful `aggregate_bulyan` clamps the same way).
/// - Tie-breaking: Krum ties go to the canonical order; per coordinate, equally distant values are
///   taken smaller value first; the β values are summed in that (value-determined) order.
/// - Precondition: n ≥ 4f + 3.
/// - Complexity: O(n²d) distances once, O(θ·n² log n) selection, O(θ log θ · d) final step.
public struct Bulyan: Aggregator {
    /// Creates the rule.
    public init() {}

    /// `"bulyan"`.
    public var name: String { "bulyan" }

    /// n ≥ 4f + 3.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        guard n >= 4 * f + 3 else { throw AggregationError.precondition(name, "n ≥ 4f + 3", n: n, f: f) }
    }

    /// The Bulyan aggregate and the θ selected indices.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        let n = matrix.count
        let d = matrix.dimension
        let theta = n - 2 * f
        let beta = theta - 2 * f
        let distances = Kernels.pairwiseSquaredDistances(matrix)
        let rank = Kernels.ranks(of: matrix.canonicalOrder())
        var remaining = Array(0..<n)
        var selected = [Int]()
        for _ in 0..<theta {
            let k = max(1, remaining.count - f - 2)
            let scores = KrumScoring.scores(distances: distances, n: n, active: remaining, neighbours: k)
            let chosen = KrumScoring.lowest(1, scores: scores, active: remaining, rank: rank)[0]
            selected.append(chosen)
            remaining.removeAll { $0 == chosen }
        }
        let rows = selected.sorted { rank[$0] < rank[$1] }
        var out = [Float](repeating: 0, count: d)
        matrix.storage.withUnsafeBufferPointer { storage in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let base = storage.baseAddress!
                let outBase = outBuffer.baseAddress!
                Parallel.forEach(Parallel.blockCount(d)) { block in
                    let s = block * Parallel.blockSize
                    let e = min(s + Parallel.blockSize, d)
                    var values = [Float](repeating: 0, count: theta)
                    var keyed = [(distance: Double, value: Float)](repeating: (0, 0), count: theta)
                    for c in s..<e {
                        for (t, row) in rows.enumerated() { values[t] = base[row * d + c] }
                        values.sort()
                        let median =
                            theta % 2 == 1
                            ? Double(values[theta / 2])
                            : (Double(values[theta / 2 - 1]) + Double(values[theta / 2])) / 2
                        for t in 0..<theta { keyed[t] = (abs(Double(values[t]) - median), values[t]) }
                        keyed.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.value < $1.value }
                        var sum = 0.0
                        for t in 0..<beta { sum += Double(keyed[t].value) }
                        outBase[c] = Float(sum / Double(beta))
                    }
                }
            }
        }
        return AggregationResult(vector: out, selected: selected.sorted())
    }
}
