import SynodCore
import SynodRobust

/// Seeded test inputs.
enum TestData {
    /// n Gaussian vectors of dimension d; `outliers` of them scaled ×1e3 and shifted, every third
    /// one duplicated from its predecessor when `duplicates`.
    static func vectors(n: Int, d: Int, seed: UInt64, outliers: Int = 0, duplicates: Bool = false) -> [[Float]] {
        var rng = SeededRandom(seed: seed)
        var rows = (0..<n).map { _ in (0..<d).map { _ in Float(rng.gaussian()) } }
        for i in 0..<min(outliers, n) { rows[i] = rows[i].map { $0 * 1000 + 50 } }
        if duplicates { for i in stride(from: 1, to: n, by: 3) { rows[i] = rows[i - 1] } }
        return rows
    }

    /// Small integers (many ties per coordinate and between distances).
    static func ties(n: Int, d: Int, seed: UInt64) -> [[Float]] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { _ in (0..<d).map { _ in Float(rng.uniformInt(in: -2..<3)) } }
    }

    /// A seeded permutation of `rows`.
    static func permuted(_ rows: [[Float]], seed: UInt64) -> (rows: [[Float]], permutation: [Int]) {
        var rng = SeededRandom(seed: seed)
        var permutation = Array(rows.indices)
        rng.shuffle(&permutation)
        return (permutation.map { rows[$0] }, permutation)
    }
}
