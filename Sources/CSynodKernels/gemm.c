// Packed, cache-blocked SGEMM in the style of BLIS / GotoBLAS (Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008): pack a KC x NC panel of B and an
// MC x KC block of A into contiguous slivers, then run a register-blocked MR x NR micro-kernel.
#include "CSynodKernels.h"

#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(fast)

#define KC 256
#define MC 144
#define NC 3072

typedef float v4f __attribute__((vector_size(16), aligned(4)));
#if defined(__x86_64__)
typedef float v8f __attribute__((vector_size(32), aligned(4)));
typedef float v16f __attribute__((vector_size(64), aligned(4)));
#endif

// A micro-kernel: acc[MR][NR] = sum_p a[p*MR + i] * b[p*NR + j]; then C = alpha*acc + beta*C on the
// mr x nr corner that exists. The packed slivers are zero-padded so the loop needs no edge cases.
#define DEFINE_KERNEL(NAME, ATTR, VT, VW, MRV, NV)                                                       \
    ATTR static void NAME(long kc, const float *restrict a, const float *restrict b, float *restrict c,   \
                          long ldc, float alpha, float beta, long mr, long nr) {                          \
        VT acc[MRV][NV];                                                                                  \
        _Pragma("clang loop unroll(full)") for (int i = 0; i < MRV; i++)                                 \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < NV; j++) acc[i][j] = (VT){0};         \
        for (long p = 0; p < kc; p++) {                                                                   \
            VT bv[NV];                                                                                    \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < NV; j++) bv[j] =                      \
                *(const VT *)(b + p * (VW * NV) + j * VW);                                                \
            _Pragma("clang loop unroll(full)") for (int i = 0; i < MRV; i++) {                           \
                float s = a[p * MRV + i];                                                                 \
                _Pragma("clang loop unroll(full)") for (int j = 0; j < NV; j++) acc[i][j] += s * bv[j];  \
            }                                                                                             \
        }                                                                                                 \
        if (mr == MRV && nr == VW * NV) {                                                                 \
            for (int i = 0; i < MRV; i++) {                                                               \
                float *cr = c + i * ldc;                                                                  \
                for (int j = 0; j < NV; j++) {                                                            \
                    VT r = alpha * acc[i][j];                                                             \
                    if (beta != 0.0f) r += beta * *(const VT *)(cr + j * VW);                             \
                    *(VT *)(cr + j * VW) = r;                                                             \
                }                                                                                         \
            }                                                                                             \
        } else {                                                                                          \
            float tile[MRV * VW * NV];                                                                    \
            for (int i = 0; i < MRV; i++)                                                                 \
                for (int j = 0; j < NV; j++) *(VT *)(tile + i * VW * NV + j * VW) = acc[i][j];            \
            for (long i = 0; i < mr; i++)                                                                 \
                for (long j = 0; j < nr; j++) {                                                           \
                    float r = alpha * tile[i * VW * NV + j];                                              \
                    if (beta != 0.0f) r += beta * c[i * ldc + j];                                         \
                    c[i * ldc + j] = r;                                                                   \
                }                                                                                         \
        }                                                                                                 \
    }

DEFINE_KERNEL(kernel_portable, , v4f, 4, 4, 2)
#if defined(__x86_64__)
DEFINE_KERNEL(kernel_avx2, __attribute__((target("avx2,fma"))), v8f, 8, 6, 2)
DEFINE_KERNEL(kernel_avx512, __attribute__((target("avx512f,fma"))), v16f, 16, 12, 2)
#endif

typedef void (*kernel_fn)(long, const float *, const float *, float *, long, float, float, long, long);

static int detect_best(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 3;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 2;
#endif
    return 1;
}

static volatile int best_isa = 0;

int synod_gemm_isa(void) {
    // Every thread computes the same value, so the unsynchronised cache is benign.
    if (best_isa == 0) best_isa = detect_best();
    return best_isa;
}

// Pack op(A)[i0:i0+mc, p0:p0+kc] into slivers of MR rows: dst[s][p][i], zero-padded.
static void pack_a(int transA, const float *A, long lda, long i0, long p0, long mc, long kc, long mr,
                   float *dst) {
    for (long is = 0; is < mc; is += mr) {
        long rows = mc - is < mr ? mc - is : mr;
        float *d = dst + is * kc;
        if (!transA) {
            for (long p = 0; p < kc; p++) {
                const float *src = A + (i0 + is) * lda + p0 + p;
                long i = 0;
                for (; i < rows; i++) d[p * mr + i] = src[i * lda];
                for (; i < mr; i++) d[p * mr + i] = 0.0f;
            }
        } else {
            for (long p = 0; p < kc; p++) {
                const float *src = A + (p0 + p) * lda + i0 + is;
                long i = 0;
                for (; i < rows; i++) d[p * mr + i] = src[i];
                for (; i < mr; i++) d[p * mr + i] = 0.0f;
            }
        }
    }
}

// Pack op(B)[p0:p0+kc, j0:j0+nc] into slivers of NR columns: dst[s][p][j], zero-padded.
static void pack_b(int transB, const float *B, long ldb, long p0, long j0, long kc, long nc, long nr,
                   float *dst) {
    for (long js = 0; js < nc; js += nr) {
        long cols = nc - js < nr ? nc - js : nr;
        float *d = dst + js * kc;
        if (!transB) {
            for (long p = 0; p < kc; p++) {
                const float *src = B + (p0 + p) * ldb + j0 + js;
                long j = 0;
                for (; j < cols; j++) d[p * nr + j] = src[j];
                for (; j < nr; j++) d[p * nr + j] = 0.0f;
            }
        } else {
            // p outer, j inner: contiguous writes; the nr source rows stay in L1 across p.
            const float *src = B + (j0 + js) * ldb + p0;
            for (long p = 0; p < kc; p++) {
                long j = 0;
                for (; j < cols; j++) d[p * nr + j] = src[j * ldb + p];
                for (; j < nr; j++) d[p * nr + j] = 0.0f;
            }
        }
    }
}

int synod_sgemm(int transA, int transB, long m, long n, long k, float alpha, const float *A, long lda,
                const float *B, long ldb, float beta, float *C, long ldc) {
    return synod_sgemm_isa(0, transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

int synod_sgemm_isa(int isa, int transA, int transB, long m, long n, long k, float alpha, const float *A, long lda,
                    const float *B, long ldb, float beta, float *C, long ldc) {
    if (m <= 0 || n <= 0) return 0;
    if (k <= 0 || alpha == 0.0f) {
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) C[i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[i * ldc + j];
        return 0;
    }
    if (isa <= 0 || !synod_gemm_supports(isa)) isa = synod_gemm_isa();
    kernel_fn kernel = kernel_portable;
    long mr = 4, nr = 8;
#if defined(__x86_64__)
    if (isa == 3) { kernel = kernel_avx512; mr = 12; nr = 32; }
    else if (isa == 2) { kernel = kernel_avx2; mr = 6; nr = 16; }
#endif
    long ncMax = n < NC ? ((n + nr - 1) / nr) * nr : NC;
    long kcMax = k < KC ? k : KC;
    long mcMax = m < MC ? ((m + mr - 1) / mr) * mr : MC;
    float *bp = NULL, *ap = NULL;
    if (posix_memalign((void **)&bp, 64, sizeof(float) * (size_t)(ncMax * kcMax)) != 0) return -1;
    if (posix_memalign((void **)&ap, 64, sizeof(float) * (size_t)(mcMax * kcMax)) != 0) { free(bp); return -1; }
    for (long jc = 0; jc < n; jc += NC) {
        long nc = n - jc < NC ? n - jc : NC;
        for (long pc = 0; pc < k; pc += KC) {
            long kc = k - pc < KC ? k - pc : KC;
            float betaNow = pc == 0 ? beta : 1.0f;
            pack_b(transB, B, ldb, pc, jc, kc, nc, nr, bp);
            for (long ic = 0; ic < m; ic += MC) {
                long mc = m - ic < MC ? m - ic : MC;
                pack_a(transA, A, lda, ic, pc, mc, kc, mr, ap);
                for (long jr = 0; jr < nc; jr += nr) {
                    long nrr = nc - jr < nr ? nc - jr : nr;
                    for (long ir = 0; ir < mc; ir += mr) {
                        long mrr = mc - ir < mr ? mc - ir : mr;
                        kernel(kc, ap + ir * kc, bp + jr * kc, C + (ic + ir) * ldc + jc + jr, ldc, alpha, betaNow,
                               mrr, nrr);
                    }
                }
            }
        }
    }
    free(ap);
    free(bp);
    return 0;
}

int synod_gemm_supports(int isa) { return isa >= 1 && isa <= detect_best(); }
