// Per-sample convolution for small channel counts (LeNet-5-sized layers), forward and backward.
//
// Each sample is lowered to a GEMM with its own im2col matrix (Chellapilla, Puri & Simard 2006),
// which stays in L1/L2, and multiplied by an unpacked small-M micro-kernel: A (weights or output
// gradients, few rows) is read in place and broadcast, B (the column matrix, padded to a multiple of
// 16 columns) is read in place as vectors. Nothing is packed. The three products are
//   forward      Y_n[O x P]   = W[O x K] * col_n[K x P] + b                      (col_n: im2col of x_n)
//   weight grad  dW^T[K x O] += col_n[K x P] * dY_n^T[P x O]                    (dY_n^T padded to 16 columns)
//   input grad   dcol[K x P]  = W^T[K x O] * dY_n[O x P],  dx_n = col2im(dcol)
// with K = C*kh*kw and P = OH*OW. The weight gradient accumulates over the samples of one call in
// sample order, so a caller that splits the batch into fixed chunks and sums the chunk partials in
// chunk order gets results that do not depend on the number of threads.
#include "CSynodKernels.h"

#include <string.h>

#pragma clang fp contract(fast)

#define MR 6
#define PADW 16

typedef float w4f __attribute__((vector_size(16), aligned(4)));
#if defined(__x86_64__)
typedef float w8f __attribute__((vector_size(32), aligned(4)));
typedef float w16f __attribute__((vector_size(64), aligned(4)));
#endif

static long round_up(long x, long m) { return (x + m - 1) / m * m; }

// C[r][j] = (accumulate ? C[r][j] : 0) + (bias ? bias[r] : 0) + sum_p A[r][p] * B[p][j] for r < rows (<= MR),
// j < cols (<= V*VW). B must be readable for V*VW columns (the caller pads it). Rows past `rows` reuse the
// last row of A and are not stored.
#define DEFINE_SMALL_KERNEL(NAME, ATTR, VT, VW, V)                                                                  \
    ATTR static void NAME(long kdim, const float *A, long lda, long rows, const float *B, long ldb, float *C,        \
                          long ldc, long cols, const float *bias, int accumulate) {                                \
        const float *ar[MR];                                                                                         \
        for (int r = 0; r < MR; r++) ar[r] = A + (r < rows ? r : rows - 1) * lda;                                    \
        VT acc[MR][V];                                                                                               \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++)                                             \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[r][v] = (VT){0};                     \
        for (long p = 0; p < kdim; p++) {                                                                            \
            VT bv[V];                                                                                                \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) bv[v] = *(const VT *)(B + p * ldb + v * VW); \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++) {                                       \
                float s = ar[r][p];                                                                                  \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[r][v] += s * bv[v];               \
            }                                                                                                        \
        }                                                                                                            \
        if (cols == V * VW) {                                                                                        \
            for (long r = 0; r < rows; r++) {                                                                        \
                float *cr = C + r * ldc;                                                                             \
                float b = bias ? bias[r] : 0.0f;                                                                     \
                for (int v = 0; v < V; v++) {                                                                        \
                    VT x = acc[r][v] + b;                                                                            \
                    if (accumulate) x += *(const VT *)(cr + v * VW);                                                 \
                    *(VT *)(cr + v * VW) = x;                                                                        \
                }                                                                                                    \
            }                                                                                                        \
        } else {                                                                                                     \
            float tile[MR * V * VW];                                                                                 \
            for (int r = 0; r < MR; r++)                                                                             \
                for (int v = 0; v < V; v++) *(VT *)(tile + r * V * VW + v * VW) = acc[r][v];                         \
            for (long r = 0; r < rows; r++) {                                                                        \
                float *cr = C + r * ldc;                                                                             \
                float b = bias ? bias[r] : 0.0f;                                                                     \
                for (long j = 0; j < cols; j++) {                                                                    \
                    float x = tile[r * V * VW + j] + b;                                                              \
                    cr[j] = accumulate ? cr[j] + x : x;                                                              \
                }                                                                                                    \
            }                                                                                                        \
        }                                                                                                            \
    }

typedef void (*small_kernel_fn)(long, const float *, long, long, const float *, long, float *, long, long,
                                const float *, int);

DEFINE_SMALL_KERNEL(small_portable_1, , w4f, 4, 1)
DEFINE_SMALL_KERNEL(small_portable_2, , w4f, 4, 2)
#if defined(__x86_64__)
#define AVX2_ATTR __attribute__((target("avx2,fma")))
#define AVX512_ATTR __attribute__((target("avx512f,fma")))
DEFINE_SMALL_KERNEL(small_avx2_1, AVX2_ATTR, w8f, 8, 1)
DEFINE_SMALL_KERNEL(small_avx2_2, AVX2_ATTR, w8f, 8, 2)
DEFINE_SMALL_KERNEL(small_avx512_1, AVX512_ATTR, w16f, 16, 1)
DEFINE_SMALL_KERNEL(small_avx512_2, AVX512_ATTR, w16f, 16, 2)
DEFINE_SMALL_KERNEL(small_avx512_3, AVX512_ATTR, w16f, 16, 3)
DEFINE_SMALL_KERNEL(small_avx512_4, AVX512_ATTR, w16f, 16, 4)
#endif

// C[rows x cols] (=|+=) A[rows x kdim] * B[kdim x cols] (+ bias per row). B must be readable up to
// round_up(cols, 16) columns in every row.
static void small_gemm(int isa, long rows, long cols, long kdim, const float *A, long lda, const float *B, long ldb,
                       float *C, long ldc, const float *bias, int accumulate) {
    small_kernel_fn kernels[4] = {small_portable_1, small_portable_2, NULL, NULL};
    long vw = 4, vmax = 2;
#if defined(__x86_64__)
    if (isa == 3) {
        kernels[0] = small_avx512_1; kernels[1] = small_avx512_2; kernels[2] = small_avx512_3;
        kernels[3] = small_avx512_4; vw = 16; vmax = 4;
    } else if (isa == 2) {
        kernels[0] = small_avx2_1; kernels[1] = small_avx2_2; vw = 8; vmax = 2;
    }
#endif
    long block = vw * vmax;
    for (long i = 0; i < rows; i += MR) {
        long r = rows - i < MR ? rows - i : MR;
        for (long j = 0; j < cols; j += block) {
            long c = cols - j < block ? cols - j : block;
            long v = (c + vw - 1) / vw;
            kernels[v - 1](kdim, A + i * lda, lda, r, B + j, ldb, C + i * ldc + j, ldc, c, bias ? bias + i : NULL,
                           accumulate);
        }
    }
}

// The instruction set to use: the request if this CPU runs it, else the best one (synod_gemm_isa).
static int resolve_isa(int isa) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (isa == 3 && __builtin_cpu_supports("avx512f")) return 3;
    if (isa == 2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 2;
#endif
    if (isa == 1) return 1;
    return synod_gemm_isa();
}

static long patch_size(const synod_conv_shape *s) { return s->channels * s->kh * s->kw; }
static long positions(const synod_conv_shape *s) { return s->oh * s->ow; }

long synod_conv_workspace_floats(const synod_conv_shape *s, long outChannels) {
    long k = patch_size(s), p = positions(s);
    long pp = round_up(p, PADW);
    long op = round_up(outChannels, PADW);
    long col = k * pp;    // im2col of one sample, then the input-gradient columns
    long dyT = p * op;    // the output gradient transposed, columns padded with zeros
    long dyPad = outChannels * pp;
    long wT = k * outChannels;
    long dWT = k * op;    // the weight gradient transposed
    return col + dyT + dyPad + wT + dWT + PADW;
}

void synod_conv_forward_range(const synod_conv_shape *s, long outChannels, const float *weights, const float *bias,
                              const float *input, float *output, long n0, long n1, float *workspace, int isa) {
    isa = resolve_isa(isa);
    long k = patch_size(s), p = positions(s), pp = round_up(p, PADW);
    long imageSize = s->channels * s->height * s->width;
    float *col = workspace;
    for (long n = n0; n < n1; n++) {
        synod_im2col(input + n * imageSize, s->channels, s->height, s->width, s->kh, s->kw, s->stride, s->pad,
                     s->oh, s->ow, col, pp);
        if (pp > p)
            for (long r = 0; r < k; r++) memset(col + r * pp + p, 0, sizeof(float) * (size_t)(pp - p));
        small_gemm(isa, outChannels, p, k, weights, k, col, pp, output + n * outChannels * p, p, bias, 0);
    }
}

void synod_conv_backward_range(const synod_conv_shape *s, long outChannels, const float *weights, const float *input,
                               const float *gradOutput, long n0, long n1, float *gradWeights, float *gradBias,
                               float *gradInput, float *workspace, int isa) {
    isa = resolve_isa(isa);
    long k = patch_size(s), p = positions(s);
    long pp = round_up(p, PADW), op = round_up(outChannels, PADW);
    long imageSize = s->channels * s->height * s->width;
    float *col = workspace;
    float *dyT = col + k * pp;
    float *dyPad = dyT + p * op;
    float *wT = dyPad + outChannels * pp;
    float *dWT = wT + k * outChannels;
    for (long i = 0; i < p; i++) memset(dyT + i * op + outChannels, 0, sizeof(float) * (size_t)(op - outChannels));
    if (gradInput) {
        for (long o = 0; o < outChannels; o++)
            for (long r = 0; r < k; r++) wT[r * outChannels + o] = weights[o * k + r];
        for (long o = 0; o < outChannels; o++) memset(dyPad + o * pp + p, 0, sizeof(float) * (size_t)(pp - p));
    }
    for (long o = 0; o < outChannels; o++) gradBias[o] = 0.0f;
    for (long n = n0; n < n1; n++) {
        const float *dy = gradOutput + n * outChannels * p;
        // dW^T[K x O] += col_n[K x P] * dY_n^T[P x O]
        synod_im2col(input + n * imageSize, s->channels, s->height, s->width, s->kh, s->kw, s->stride, s->pad, s->oh,
                     s->ow, col, pp);
        for (long o = 0; o < outChannels; o++) {
            const float *row = dy + o * p;
            float sum = 0.0f;
            for (long i = 0; i < p; i++) {
                dyT[i * op + o] = row[i];
                sum += row[i];
            }
            gradBias[o] += sum;
        }
        small_gemm(isa, k, op, p, col, pp, dyT, op, dWT, op, NULL, n > n0);
        if (!gradInput) continue;
        for (long o = 0; o < outChannels; o++) memcpy(dyPad + o * pp, dy + o * p, sizeof(float) * (size_t)p);
        small_gemm(isa, k, pp, outChannels, wT, outChannels, dyPad, pp, col, pp, NULL, 0);
        float *dx = gradInput + n * imageSize;
        memset(dx, 0, sizeof(float) * (size_t)imageSize);
        synod_col2im(col, pp, s->channels, s->height, s->width, s->kh, s->kw, s->stride, s->pad, s->oh, s->ow, dx);
    }
    if (n1 > n0) {
        for (long o = 0; o < outChannels; o++)
            for (long r = 0; r < k; r++) gradWeights[o * k + r] = dWT[r * op + o];
    } else {
        memset(gradWeights, 0, sizeof(float) * (size_t)(outChannels * k));
    }
}
