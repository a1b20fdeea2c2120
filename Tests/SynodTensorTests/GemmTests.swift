import SynodCore
import Testing

@testable import SynodTensor

@Suite struct GemmTests {
    private func random(_ count: Int, _ rng: inout SeededRandom) -> [Float] {
        (0..<count).map { _ in Float(rng.uniform(-1, 1)) }
    }

    private func check(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float, beta: Float, threads: Int,
        isa: Gemm.InstructionSet? = nil, rng: inout SeededRandom
    ) {
        let lda = (transposeA ? m : k) + 3  // padded leading dimensions exercise strides
        let ldb = (transposeB ? k : n) + 1
        let ldc = n + 2
        let a = random((transposeA ? k : m) * lda, &rng)
        let b = random((transposeB ? n : k) * ldb, &rng)
        let c0 = random(m * ldc, &rng)
        var expected = c0
        Gemm.naive(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
            ldb: ldb, beta: beta, c: &expected, ldc: ldc)
        var actual = c0
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                actual.withUnsafeMutableBufferPointer { cp in
                    Gemm.multiply(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: ap.baseAddress!, lda: lda, b: bp.baseAddress!, ldb: ldb, beta: beta, c: cp.baseAddress!,
                        ldc: ldc, threads: threads, instructionSet: isa)
                }
            }
        }
        var worst: Float = 0
        for i in 0..<m {
            for j in 0..<n {
                let e = expected[i * ldc + j]
                worst = max(worst, abs(actual[i * ldc + j] - e) / (1 + abs(e)))
            }
            // Padding columns are never touched.
            for j in n..<ldc { #expect(actual[i * ldc + j] == c0[i * ldc + j]) }
        }
        // k ≤ 600 terms of magnitude ≤ 1: float32 accumulation error stays far below 1e-4 relative.
        #expect(
            worst < Float(k) * 2e-7 + 1e-6,
            "tA=\(transposeA) tB=\(transposeB) m=\(m) n=\(n) k=\(k) α=\(alpha) β=\(beta) T=\(threads) error \(worst)")
    }

    /// Whether this CPU runs `isa`'s micro-kernel.
    static func runs(_ isa: Gemm.InstructionSet) -> Bool { Gemm.selectableInstructionSets.contains(isa) }

    @Test func portableMatchesNaiveOnRandomShapes() { matchesNaiveOnRandomShapes(isa: .portable) }

    @Test(.enabled(if: runs(.avx2), "this CPU lacks AVX2+FMA"))
    func avx2MatchesNaiveOnRandomShapes() { matchesNaiveOnRandomShapes(isa: .avx2) }

    @Test(.enabled(if: runs(.avx512), "this CPU lacks AVX-512F"))
    func avx512MatchesNaiveOnRandomShapes() { matchesNaiveOnRandomShapes(isa: .avx512) }

    func matchesNaiveOnRandomShapes(isa: Gemm.InstructionSet) {
        var rng = SeededRandom(seed: 7 &+ UInt64(isa.rawValue))
        let shapes = [
            (1, 1, 1), (3, 5, 7), (13, 17, 19), (6, 16, 256), (12, 32, 257), (37, 1, 41), (1, 53, 9), (64, 10, 100),
            (100, 70, 300), (29, 300, 11),
        ]
        for (m, n, k) in shapes {
            for tA in [false, true] {
                for tB in [false, true] {
                    let alpha: Float = rng.bernoulli(0.5) ? 1 : 0.75
                    let beta: Float = [0, 1, -0.5][rng.uniformInt(in: 0..<3)]
                    check(
                        transposeA: tA, transposeB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta,
                        threads: 1 + rng.uniformInt(in: 0..<3), isa: isa, rng: &rng)
                }
            }
        }
    }

    @Test func largeThreadedProductMatchesNaive() {
        var rng = SeededRandom(seed: 99)
        for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
            check(transposeA: tA, transposeB: tB, m: 100, n: 90, k: 300, alpha: 1, beta: 0, threads: 3, rng: &rng)
            check(transposeA: tA, transposeB: tB, m: 20, n: 700, k: 64, alpha: 1, beta: 1, threads: 2, rng: &rng)
        }
    }

    @Test func betaZeroOverwritesNaN() {
        let a: [Float] = [1, 2, 3, 4]
        let b: [Float] = [1, 0, 0, 1]
        var c = [Float](repeating: .nan, count: 4)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    Gemm.multiply(
                        transposeA: false, transposeB: false, m: 2, n: 2, k: 2, a: ap.baseAddress!, lda: 2,
                        b: bp.baseAddress!, ldb: 2, c: cp.baseAddress!, ldc: 2)
                }
            }
        }
        #expect(c == [1, 2, 3, 4])
    }

    @Test func tensorMatmulValidatesShapes() throws {
        let a = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = try Tensor(shape: [2, 3], values: [1, 0, 0, 0, 1, 0])
        let product = try a.matmul(b, transposeOther: true)
        #expect(product.shape == [2, 2])
        #expect(product.values == [1, 2, 4, 5])
        #expect(throws: TensorError(.shapeMismatch, "")) { try a.matmul(b) }
    }
}
