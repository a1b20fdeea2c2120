/// Nearest-Neighbour Mixing (Allouah, Farhadkhani, Guerraoui, Gupta, Pinot, Stephan, "Fixing by
/// Mixing: A Recipe for Optimal Byzantine ML under Heterogeneity", AISTATS 2023, Algorithm 1): a
/// pre-aggregation that replaces every x_i by the mean of its n − f nearest neighbours (x_i
/// included). Compose it with any rule through ``Mixed``.
///
/// - Tie-breaking: equidistant neighbours are taken in canonical order; each mean is summed in
///   canonical order in Double.
/// - Precondition: f < n. Complexity: O(n²d).
public struct NearestNeighbourMixing: Sendable, Hashable {
    /// Creates the pre-aggregation.
    public init() {}

    /// The n mixed vectors, row i replacing input row i.
    public func mix(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> VectorMatrix {
        let n = matrix.count
        guard f >= 0, f < n else { throw AggregationError.precondition("nnm", "0 ≤ f < n", n: n, f: f) }
        let d = matrix.dimension
        let distances = Kernels.pairwiseSquaredDistances(matrix)
        let rank = Kernels.ranks(of: matrix.canonicalOrder())
        var out = [Float]()
        out.reserveCapacity(n * d)
        for i in 0..<n {
            let row = Array(distances[(i * n)..<((i + 1) * n)])
            let neighbours = Array(Kernels.argsort(row, tieRank: rank).prefix(n - f))
            out.append(contentsOf: Kernels.mean(of: matrix, rows: neighbours.sorted { rank[$0] < rank[$1] }))
        }
        return VectorMatrix(trusted: out, count: n, dimension: d)
    }
}

/// A rule applied after Nearest-Neighbour Mixing (Allouah et al., AISTATS 2023): `NNM ∘ rule`.
/// Selected indices refer to the mixed rows, which keep the input positions.
public struct Mixed: Aggregator {
    /// The rule applied to the mixed vectors.
    public var base: any Aggregator

    /// Creates `NNM ∘ base`.
    public init(_ base: any Aggregator) {
        self.base = base
    }

    /// `"nnm+<base>"`.
    public var name: String { "nnm+" + base.name }

    /// NNM's f < n and the base rule's precondition.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        guard f >= 0, f < n else { throw AggregationError.precondition("nnm", "0 ≤ f < n", n: n, f: f) }
        try base.checkPrecondition(n: n, f: f)
    }

    /// The base rule over the mixed vectors.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        return try base.aggregateDetailed(NearestNeighbourMixing().mix(matrix, f: f), f: f)
    }
}
