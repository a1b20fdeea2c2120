/// Krum scores (Blanchard et al., NeurIPS 2017, §4): score(i) = Σ_{j ∈ N(i)} ‖x_i − x_j‖², N(i) the
/// k nearest other vectors. The k smallest distances are summed in ascending order, so a score does
/// not depend on input order.
enum KrumScoring {
    /// Scores of every row of the (n × n) squared-distance matrix restricted to `active` rows.
    static func scores(distances: [Double], n: Int, active: [Int], neighbours k: Int) -> [Double] {
        var scores = [Double](repeating: .infinity, count: n)
        var row = [Double]()
        row.reserveCapacity(active.count)
        for i in active {
            row.removeAll(keepingCapacity: true)
            for j in active where j != i { row.append(distances[i * n + j]) }
            row.sort()
            var s = 0.0
            for t in 0..<min(k, row.count) { s += row[t] }
            scores[i] = s
        }
        return scores
    }

    /// The `m` active rows with the lowest scores; ties go to the lower canonical rank.
    static func lowest(_ m: Int, scores: [Double], active: [Int], rank: [Int]) -> [Int] {
        let sorted = active.sorted { a, b in
            scores[a] != scores[b] ? scores[a] < scores[b] : rank[a] < rank[b]
        }
        return Array(sorted.prefix(m))
    }
}
