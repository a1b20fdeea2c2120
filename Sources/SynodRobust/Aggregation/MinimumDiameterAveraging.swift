/// Minimum-Diameter Averaging (El Mhamdi, Guerraoui, Rouault, "Fast and Robust Distributed Learning
/// in High Dimension", SRDS 2020, §3 "MDA"; after Rousseeuw's minimum-volume estimator): the mean of
/// the subset S of n − f vectors with the smallest diameter max_{i,j∈S} ‖x_i − x_j‖.
///
/// - Exact search: depth-first over subsets in lexicographic order of canonical ranks, pruning any
///   partial subset whose diameter already reaches the best found; the first subset with the
///   strictly smallest diameter wins (ties: lexicographically first in canonical order).
/// - Cost: C(n, f) subsets in the worst case (C(30, 5) = 142 506) times O(n) per extension, after
///   O(n²d) distances. The rule refuses (``AggregationError/Code/tooExpensive``) when C(n, f) exceeds
///   ``maxSubsets`` (default 10⁷), rather than silently approximating.
/// - Precondition: n > 2f.
public struct MinimumDiameterAveraging: Aggregator {
    /// Largest C(n, f) the exact search accepts.
    public var maxSubsets: Double

    /// Creates the rule.
    public init(maxSubsets: Double = 1e7) {
        self.maxSubsets = maxSubsets
    }

    /// `"mda"`.
    public var name: String { "mda" }

    /// n > 2f and C(n, f) ≤ maxSubsets.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        guard n > 2 * f else { throw AggregationError.precondition(name, "n > 2f", n: n, f: f) }
        var subsets = 1.0
        for i in 0..<f { subsets = subsets * Double(n - i) / Double(i + 1) }
        guard subsets <= maxSubsets else {
            throw AggregationError(
                .tooExpensive,
                "mda: exact search over C(\(n), \(f)) ≈ \(subsets) subsets exceeds the limit \(maxSubsets)")
        }
    }

    /// The mean of the minimum-diameter subset and its indices.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        let n = matrix.count
        let size = n - f
        let distances = Kernels.pairwiseSquaredDistances(matrix)
        let order = matrix.canonicalOrder()
        var best = Double.infinity
        var bestSet = [Int]()
        var current = [Int]()
        current.reserveCapacity(size)
        func search(from position: Int, diameter: Double) {
            if current.count == size {
                if diameter < best {
                    best = diameter
                    bestSet = current
                }
                return
            }
            let needed = size - current.count
            guard position + needed <= n else { return }
            for p in position...(n - needed) {
                let candidate = order[p]
                var grown = diameter
                for member in current { grown = max(grown, distances[member * n + candidate]) }
                if grown >= best { continue }
                current.append(candidate)
                search(from: p + 1, diameter: grown)
                current.removeLast()
            }
        }
        search(from: 0, diameter: 0)
        return AggregationResult(vector: Kernels.mean(of: matrix, rows: bestSet), selected: bestSet.sorted())
    }
}
