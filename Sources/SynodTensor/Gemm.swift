import CSynodKernels

/// General matrix multiply, row-major: `C = α·op(A)·op(B) + β·C`.
///
/// The single-threaded kernel (`CSynodKernels/gemm.c`) packs panels of A and B and runs a
/// register-blocked micro-kernel (AVX-512 12×32, AVX2+FMA 6×16, or portable 4×8 vectors) chosen
/// at run time, following Goto & van de Geijn (ACM TOMS 34(3), 2008). This wrapper splits the
/// output across ``Parallelism/threadCount`` threads along its larger dimension.
public enum Gemm {
    /// Below this many multiply-adds a single thread is faster than waking workers.
    public static let parallelThreshold = 1 << 17

    /// The micro-kernel instruction set in use.
    public enum InstructionSet: Int32, Sendable, CaseIterable {
        /// Portable 128-bit vectors.
        case portable = 1
        /// AVX2 with FMA.
        case avx2 = 2
        /// AVX-512F.
        case avx512 = 3
    }

    /// The best instruction set this CPU runs, which ``multiply(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:threads:instructionSet:)``
    /// uses unless a call names another. There is no process-wide setting, so concurrent callers
    /// never change each other's kernel.
    public static var instructionSet: InstructionSet {
        InstructionSet(rawValue: synod_gemm_isa()) ?? .portable
    }

    /// Raw-pointer GEMM. `op(A)` is m×k, `op(B)` is k×n, C is m×n with leading dimension `ldc`.
    /// `threads` defaults to ``Parallelism/threadCount``. When β = 0, C is not read.
    /// `instructionSet` picks the micro-kernel (`nil`, or one this CPU cannot run: ``instructionSet``).
    public static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int? = nil,
        instructionSet: InstructionSet? = nil
    ) {
        let isa = instructionSet?.rawValue ?? 0
        guard m > 0, n > 0 else { return }
        let tA: Int32 = transposeA ? 1 : 0
        let tB: Int32 = transposeB ? 1 : 0
        let workers = min(threads ?? Parallelism.threadCount, max(1, (m * n * max(k, 1)) / parallelThreshold))
        if workers <= 1 {
            _ = synod_sgemm_isa(isa, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        if m >= n {
            Parallelism.forEachRange(m, parts: workers, granule: 12) { rows in
                let aSub = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
                _ = synod_sgemm_isa(
                    isa, tA, tB, rows.count, n, k, alpha, aSub, lda, b, ldb, beta, c + rows.lowerBound * ldc, ldc)
            }
        } else {
            Parallelism.forEachRange(n, parts: workers, granule: 32) { cols in
                let bSub = transposeB ? b + cols.lowerBound * ldb : b + cols.lowerBound
                _ = synod_sgemm_isa(
                    isa, tA, tB, m, cols.count, k, alpha, a, lda, bSub, ldb, beta, c + cols.lowerBound, ldc)
            }
        }
    }

    /// Reference triple loop in Double accumulation (for tests and cross-checks only).
    public static func naive(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float = 0, c: inout [Float], ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * sum + old)
            }
        }
    }
}

extension Tensor {
    /// Matrix product of two rank-2 tensors with optional transposes: `op(self)·op(other)`.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) throws(TensorError)
        -> Tensor
    {
        guard rank == 2, other.rank == 2 else {
            throw TensorError(.invalidShape, "matmul needs rank-2 tensors, got \(shape) and \(other.shape)")
        }
        let m = transposeSelf ? shape[1] : shape[0]
        let k = transposeSelf ? shape[0] : shape[1]
        let k2 = transposeOther ? other.shape[1] : other.shape[0]
        let n = transposeOther ? other.shape[0] : other.shape[1]
        guard k == k2 else {
            throw TensorError(.shapeMismatch, "matmul inner dimensions differ: \(shape) × \(other.shape)")
        }
        var result = Tensor(shape: [m, n])
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    guard let ab = a.baseAddress, let bb = b.baseAddress, let cb = c.baseAddress else { return }
                    Gemm.multiply(
                        transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                        a: ab, lda: shape[1], b: bb, ldb: other.shape[1], c: cb, ldc: n)
                }
            }
        }
        return result
    }
}
