import SynodCore
import Testing

@testable import SynodTensor

struct ReductionsTests {
    @Test func reductionsMatchNaiveLoops() {
        var rng = SeededRandom(seed: 4)
        let rows = 7
        let cols = 5
        let x = (0..<(rows * cols)).map { _ in Float(rng.uniform(-2, 2)) }
        #expect(abs(Reductions.sum(x) - x.reduce(0.0) { $0 + Double($1) }) < 1e-9)
        #expect(abs(Reductions.norm(x) - x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) < 1e-9)
        var colSums = [Float](repeating: .nan, count: cols)
        var rowSums = [Float](repeating: .nan, count: rows)
        x.withUnsafeBufferPointer { xp in
            colSums.withUnsafeMutableBufferPointer {
                Reductions.columnSums(xp.baseAddress!, rows: rows, cols: cols, into: $0.baseAddress!)
            }
            rowSums.withUnsafeMutableBufferPointer {
                Reductions.rowSums(xp.baseAddress!, rows: rows, cols: cols, into: $0.baseAddress!)
            }
        }
        for c in 0..<cols {
            let want = (0..<rows).reduce(Float(0)) { $0 + x[$1 * cols + c] }
            #expect(abs(colSums[c] - want) < 1e-5)
        }
        let argmax = Reductions.argmaxRows(x, rows: rows, cols: cols)
        for r in 0..<rows {
            let want = (0..<cols).reduce(Float(0)) { $0 + x[r * cols + $1] }
            #expect(abs(rowSums[r] - want) < 1e-5)
            let row = Array(x[(r * cols)..<((r + 1) * cols)])
            #expect(row[argmax[r]] == row.max())
        }
    }
}
