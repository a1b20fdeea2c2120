// Hot loops of SynodRobust's aggregation rules (coordinate-wise order statistics for Median and
// Trimmed Mean, Yin et al. ICML 2018 Def. 1-2; the passes of smoothed Weiszfeld, Pillutla et al.
// IEEE TSP 2022 Alg. 3). Each kernel has a portable C body and AVX2 / AVX-512F bodies chosen at run
// time; all bodies perform the same floating-point operations in the same order per lane (see the
// header), so the results are bit-identical whichever body runs. Floating-point contraction is off:
// a fused multiply-add would round differently from the portable body.
#include "CSynodRobustKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

#include "sorting_networks.h"

#define SEL_LANES 16
#define TILE 512

// ---------------------------------------------------------------------------------------------
// Dispatch

static int detect_best(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 3;
    if (__builtin_cpu_supports("avx2")) return 2;
#endif
    return 1;
}

static volatile int best_isa = 0;

int synod_robust_best_isa(void) {
    int b = best_isa;
    if (b == 0) {
        b = detect_best();
        best_isa = b;
    }
    return b;
}

int synod_robust_resolve_isa(int isa) {
    int best = synod_robust_best_isa();
    if (isa <= 0 || isa > best) return best;
    return isa;
}

// ---------------------------------------------------------------------------------------------
// Order statistics (median / trimmed mean)

// Result of one chunk from the sorted values v[r * 16 + l] (portable; used by every body for the
// lanes it does not vectorise).
static void finish_lanes(const float *v, long n, int mode, long trim, long first, long lanes, float *out) {
    for (long l = first; l < lanes; l++) {
        if (mode == 0) {
            if (n & 1) {
                out[l] = v[(n / 2) * SEL_LANES + l];
            } else {
                double a = (double)v[(n / 2 - 1) * SEL_LANES + l];
                double b = (double)v[(n / 2) * SEL_LANES + l];
                out[l] = (float)((a + b) / 2.0);
            }
        } else {
            double s = 0.0;
            for (long r = trim; r < n - trim; r++) s += (double)v[r * SEL_LANES + l];
            out[l] = (float)(s / (double)(n - 2 * trim));
        }
    }
}

// One chunk of up to 16 coordinates starting at column c, portable C.
static void chunk_portable(const float *base, long stride, const long *rows, long n, long c, long lanes,
                           int mode, long trim, const int *pairs, long pairCount, float *v, float *out) {
    for (long r = 0; r < n; r++) {
        const float *src = base + rows[r] * stride + c;
        float *dst = v + r * SEL_LANES;
        for (long l = 0; l < lanes; l++) dst[l] = src[l];
        for (long l = lanes; l < SEL_LANES; l++) dst[l] = 0.0f;
    }
    for (long p = 0; p < pairCount; p++) {
        float *x = v + (long)pairs[2 * p] * SEL_LANES;
        float *y = v + (long)pairs[2 * p + 1] * SEL_LANES;
        for (int l = 0; l < SEL_LANES; l++) {
            float a = x[l];
            float b = y[l];
            x[l] = b < a ? b : a;  // = minps(b, a)
            y[l] = a > b ? a : b;  // = maxps(a, b): equal values (incl. ±0) are not exchanged
        }
    }
    finish_lanes(v, n, mode, trim, 0, lanes, out);
}

static void order_statistic_portable(const float *base, long stride, const long *rows, long n, long start,
                                     long length, int mode, long trim, const int *pairs, long pairCount,
                                     float *v, float *out) {
    for (long c = 0; c < length; c += SEL_LANES) {
        long lanes = length - c < SEL_LANES ? length - c : SEL_LANES;
        chunk_portable(base, stride, rows, n, start + c, lanes, mode, trim, pairs, pairCount, v, out + c);
    }
}

#if defined(__x86_64__)
// The network for n <= 32 unrolled with all n vectors in registers (AVX-512 has 32): the same
// compare-exchanges in the same order as the loop over `pairs`, without a load and a store each.
#define SORTNET_CE(a, b)                                                                                  \
    {                                                                                                     \
        __m512 x_ = v[a], y_ = v[b];                                                                      \
        v[a] = _mm512_min_ps(y_, x_);                                                                     \
        v[b] = _mm512_max_ps(x_, y_);                                                                     \
    }
#define SORTNET_CASE(N)                                                                                   \
    case N: {                                                                                             \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < N; r++) v[r] = _mm512_loadu_ps(s + r * SEL_LANES); \
        SORTNET_##N                                                                                       \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < N; r++) _mm512_storeu_ps(s + r * SEL_LANES, v[r]); \
        return 1;                                                                                         \
    }

__attribute__((target("avx512f"))) static int sort_registers_avx512(long n, float *s) {
    __m512 v[SORTNET_MAX];
    switch (n) {
        SORTNET_CASE(2) SORTNET_CASE(3) SORTNET_CASE(4) SORTNET_CASE(5) SORTNET_CASE(6) SORTNET_CASE(7)
        SORTNET_CASE(8) SORTNET_CASE(9) SORTNET_CASE(10) SORTNET_CASE(11) SORTNET_CASE(12) SORTNET_CASE(13)
        SORTNET_CASE(14) SORTNET_CASE(15) SORTNET_CASE(16) SORTNET_CASE(17) SORTNET_CASE(18) SORTNET_CASE(19)
        SORTNET_CASE(20) SORTNET_CASE(21) SORTNET_CASE(22) SORTNET_CASE(23) SORTNET_CASE(24) SORTNET_CASE(25)
        SORTNET_CASE(26) SORTNET_CASE(27) SORTNET_CASE(28) SORTNET_CASE(29) SORTNET_CASE(30) SORTNET_CASE(31)
        SORTNET_CASE(32)
    default:
        return 0;
    }
}

__attribute__((target("avx512f"))) static void order_statistic_avx512(
    const float *base, long stride, const long *rows, long n, long start, long length, int mode, long trim,
    const int *pairs, long pairCount, float *v, float *out) {
    long c = 0;
    for (; c + SEL_LANES <= length; c += SEL_LANES) {
        for (long r = 0; r < n; r++) {
            const float *src = base + rows[r] * stride + start + c;
            __builtin_prefetch(src + 8 * SEL_LANES);
            _mm512_storeu_ps(v + r * SEL_LANES, _mm512_loadu_ps(src));
        }
        for (long p = sort_registers_avx512(n, v) ? pairCount : 0; p < pairCount; p++) {
            float *px = v + (long)pairs[2 * p] * SEL_LANES;
            float *py = v + (long)pairs[2 * p + 1] * SEL_LANES;
            __m512 x = _mm512_loadu_ps(px);
            __m512 y = _mm512_loadu_ps(py);
            _mm512_storeu_ps(px, _mm512_min_ps(y, x));
            _mm512_storeu_ps(py, _mm512_max_ps(x, y));
        }
        float *o = out + c;
        if (mode == 0 && (n & 1)) {
            _mm512_storeu_ps(o, _mm512_loadu_ps(v + (n / 2) * SEL_LANES));
        } else {
            __m512d s0, s1, divisor;
            if (mode == 0) {
                __m512 a = _mm512_loadu_ps(v + (n / 2 - 1) * SEL_LANES);
                __m512 b = _mm512_loadu_ps(v + (n / 2) * SEL_LANES);
                s0 = _mm512_add_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(a)),
                                   _mm512_cvtps_pd(_mm512_castps512_ps256(b)));
                s1 = _mm512_add_pd(
                    _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1))),
                    _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(b), 1))));
                divisor = _mm512_set1_pd(2.0);
            } else {
                s0 = _mm512_setzero_pd();
                s1 = _mm512_setzero_pd();
                for (long r = trim; r < n - trim; r++) {
                    __m512 x = _mm512_loadu_ps(v + r * SEL_LANES);
                    s0 = _mm512_add_pd(s0, _mm512_cvtps_pd(_mm512_castps512_ps256(x)));
                    s1 = _mm512_add_pd(
                        s1, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1))));
                }
                divisor = _mm512_set1_pd((double)(n - 2 * trim));
            }
            _mm256_storeu_ps(o, _mm512_cvtpd_ps(_mm512_div_pd(s0, divisor)));
            _mm256_storeu_ps(o + 8, _mm512_cvtpd_ps(_mm512_div_pd(s1, divisor)));
        }
    }
    if (c < length) {
        chunk_portable(base, stride, rows, n, start + c, length - c, mode, trim, pairs, pairCount, v, out + c);
    }
}

__attribute__((target("avx2"))) static void order_statistic_avx2(
    const float *base, long stride, const long *rows, long n, long start, long length, int mode, long trim,
    const int *pairs, long pairCount, float *v, float *out) {
    long c = 0;
    for (; c + SEL_LANES <= length; c += SEL_LANES) {
        for (long r = 0; r < n; r++) {
            const float *src = base + rows[r] * stride + start + c;
            __builtin_prefetch(src + 8 * SEL_LANES);
            _mm256_storeu_ps(v + r * SEL_LANES, _mm256_loadu_ps(src));
            _mm256_storeu_ps(v + r * SEL_LANES + 8, _mm256_loadu_ps(src + 8));
        }
        for (long p = 0; p < pairCount; p++) {
            float *px = v + (long)pairs[2 * p] * SEL_LANES;
            float *py = v + (long)pairs[2 * p + 1] * SEL_LANES;
            __m256 x0 = _mm256_loadu_ps(px), x1 = _mm256_loadu_ps(px + 8);
            __m256 y0 = _mm256_loadu_ps(py), y1 = _mm256_loadu_ps(py + 8);
            _mm256_storeu_ps(px, _mm256_min_ps(y0, x0));
            _mm256_storeu_ps(px + 8, _mm256_min_ps(y1, x1));
            _mm256_storeu_ps(py, _mm256_max_ps(x0, y0));
            _mm256_storeu_ps(py + 8, _mm256_max_ps(x1, y1));
        }
        float *o = out + c;
        if (mode == 0 && (n & 1)) {
            _mm256_storeu_ps(o, _mm256_loadu_ps(v + (n / 2) * SEL_LANES));
            _mm256_storeu_ps(o + 8, _mm256_loadu_ps(v + (n / 2) * SEL_LANES + 8));
        } else if (mode == 0) {
            const float *a = v + (n / 2 - 1) * SEL_LANES;
            const float *b = v + (n / 2) * SEL_LANES;
            __m256d two = _mm256_set1_pd(2.0);
            for (int q = 0; q < 4; q++) {
                __m256d s = _mm256_add_pd(_mm256_cvtps_pd(_mm_loadu_ps(a + 4 * q)),
                                          _mm256_cvtps_pd(_mm_loadu_ps(b + 4 * q)));
                _mm_storeu_ps(o + 4 * q, _mm256_cvtpd_ps(_mm256_div_pd(s, two)));
            }
        } else {
            __m256d s[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
            for (long r = trim; r < n - trim; r++) {
                const float *x = v + r * SEL_LANES;
                for (int q = 0; q < 4; q++) s[q] = _mm256_add_pd(s[q], _mm256_cvtps_pd(_mm_loadu_ps(x + 4 * q)));
            }
            __m256d divisor = _mm256_set1_pd((double)(n - 2 * trim));
            for (int q = 0; q < 4; q++) _mm_storeu_ps(o + 4 * q, _mm256_cvtpd_ps(_mm256_div_pd(s[q], divisor)));
        }
    }
    if (c < length) {
        chunk_portable(base, stride, rows, n, start + c, length - c, mode, trim, pairs, pairCount, v, out + c);
    }
}
#endif

void synod_robust_order_statistic(const float *base, long stride, const long *rows, long n, long start,
                                  long length, int mode, long trim, const int *pairs, long pairCount,
                                  float *scratch, float *out, int isa) {
    switch (synod_robust_resolve_isa(isa)) {
#if defined(__x86_64__)
    case 3:
        order_statistic_avx512(base, stride, rows, n, start, length, mode, trim, pairs, pairCount, scratch, out);
        return;
    case 2:
        order_statistic_avx2(base, stride, rows, n, start, length, mode, trim, pairs, pairCount, scratch, out);
        return;
#endif
    default:
        order_statistic_portable(base, stride, rows, n, start, length, mode, trim, pairs, pairCount, scratch,
                                 out);
    }
}

// ---------------------------------------------------------------------------------------------
// Weighted row sum: acc[k] = (((+0 + w0 x0[k]) + w1 x1[k]) + ...), tiled over TILE coordinates so
// the accumulators stay in L1 while each row is streamed contiguously.

static void weighted_row_sum_portable(const float *base, long stride, const long *rows, const double *weights,
                                      long n, long start, long length, double *acc) {
    for (long t = 0; t < length; t += TILE) {
        long tl = length - t < TILE ? length - t : TILE;
        double *dst = acc + t;
        for (long k = 0; k < tl; k++) dst[k] = 0.0;
        for (long r = 0; r < n; r++) {
            double w = weights[r];
            const float *src = base + rows[r] * stride + start + t;
            for (long k = 0; k < tl; k++) dst[k] = dst[k] + w * (double)src[k];
        }
    }
}

#if defined(__x86_64__)
// Rows are taken four at a time (the accumulators stay in registers across the four additions,
// which still happen in row order), so each 16-coordinate accumulator is loaded and stored once per
// four rows instead of once per row.
__attribute__((target("avx512f"))) static inline void wrs_avx512_step(__m512d *lo, __m512d *hi, __m512d wv,
                                                                        const float *src) {
    __m512 x = _mm512_loadu_ps(src);
    *lo = _mm512_add_pd(*lo, _mm512_mul_pd(wv, _mm512_cvtps_pd(_mm512_castps512_ps256(x))));
    *hi = _mm512_add_pd(
        *hi, _mm512_mul_pd(wv, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1)))));
}

__attribute__((target("avx512f"))) static void weighted_row_sum_avx512(const float *base, long stride,
                                                                         const long *rows, const double *weights,
                                                                         long n, long start, long length,
                                                                         double *acc) {
    for (long t = 0; t < length; t += TILE) {
        long tl = length - t < TILE ? length - t : TILE;
        double *dst = acc + t;
        for (long k = 0; k < tl; k++) dst[k] = 0.0;
        long r = 0;
        for (; r + 4 <= n; r += 4) {
            const float *s0 = base + rows[r] * stride + start + t;
            const float *s1 = base + rows[r + 1] * stride + start + t;
            const float *s2 = base + rows[r + 2] * stride + start + t;
            const float *s3 = base + rows[r + 3] * stride + start + t;
            __m512d w0 = _mm512_set1_pd(weights[r]), w1 = _mm512_set1_pd(weights[r + 1]);
            __m512d w2 = _mm512_set1_pd(weights[r + 2]), w3 = _mm512_set1_pd(weights[r + 3]);
            long k = 0;
            for (; k + 16 <= tl; k += 16) {
                __m512d lo = _mm512_loadu_pd(dst + k), hi = _mm512_loadu_pd(dst + k + 8);
                wrs_avx512_step(&lo, &hi, w0, s0 + k);
                wrs_avx512_step(&lo, &hi, w1, s1 + k);
                wrs_avx512_step(&lo, &hi, w2, s2 + k);
                wrs_avx512_step(&lo, &hi, w3, s3 + k);
                _mm512_storeu_pd(dst + k, lo);
                _mm512_storeu_pd(dst + k + 8, hi);
            }
            for (; k < tl; k++) {
                double a = dst[k];
                a = a + weights[r] * (double)s0[k];
                a = a + weights[r + 1] * (double)s1[k];
                a = a + weights[r + 2] * (double)s2[k];
                a = a + weights[r + 3] * (double)s3[k];
                dst[k] = a;
            }
        }
        for (; r < n; r++) {
            double w = weights[r];
            __m512d wv = _mm512_set1_pd(w);
            const float *src = base + rows[r] * stride + start + t;
            long k = 0;
            for (; k + 16 <= tl; k += 16) {
                __m512d lo = _mm512_loadu_pd(dst + k), hi = _mm512_loadu_pd(dst + k + 8);
                wrs_avx512_step(&lo, &hi, wv, src + k);
                _mm512_storeu_pd(dst + k, lo);
                _mm512_storeu_pd(dst + k + 8, hi);
            }
            for (; k < tl; k++) dst[k] = dst[k] + w * (double)src[k];
        }
    }
}

__attribute__((target("avx2"))) static void weighted_row_sum_avx2(const float *base, long stride, const long *rows,
                                                                    const double *weights, long n, long start,
                                                                    long length, double *acc) {
    for (long t = 0; t < length; t += TILE) {
        long tl = length - t < TILE ? length - t : TILE;
        double *dst = acc + t;
        for (long k = 0; k < tl; k++) dst[k] = 0.0;
        for (long r = 0; r < n; r++) {
            double w = weights[r];
            __m256d wv = _mm256_set1_pd(w);
            const float *src = base + rows[r] * stride + start + t;
            long k = 0;
            for (; k + 8 <= tl; k += 8) {
                __m256d lo = _mm256_cvtps_pd(_mm_loadu_ps(src + k));
                __m256d hi = _mm256_cvtps_pd(_mm_loadu_ps(src + k + 4));
                _mm256_storeu_pd(dst + k, _mm256_add_pd(_mm256_loadu_pd(dst + k), _mm256_mul_pd(wv, lo)));
                _mm256_storeu_pd(dst + k + 4, _mm256_add_pd(_mm256_loadu_pd(dst + k + 4), _mm256_mul_pd(wv, hi)));
            }
            for (; k < tl; k++) dst[k] = dst[k] + w * (double)src[k];
        }
    }
}
#endif

void synod_robust_weighted_row_sum(const float *base, long stride, const long *rows, const double *weights,
                                   long n, long start, long length, double *acc, int isa) {
    switch (synod_robust_resolve_isa(isa)) {
#if defined(__x86_64__)
    case 3:
        weighted_row_sum_avx512(base, stride, rows, weights, n, start, length, acc);
        return;
    case 2:
        weighted_row_sum_avx2(base, stride, rows, weights, n, start, length, acc);
        return;
#endif
    default:
        weighted_row_sum_portable(base, stride, rows, weights, n, start, length, acc);
    }
}

// ---------------------------------------------------------------------------------------------
// Squared distance: 16 double lanes (lane = k mod 16), lanes added 0..15 at the end.

static double sum_lanes(const double *lane, int count) {
    double s = 0.0;
    for (int j = 0; j < count; j++) s += lane[j];
    return s;
}

static double squared_distance_tail(const float *a, const float *b, long k, long length, double *lane) {
    for (; k < length; k++) {
        double diff = (double)a[k] - (double)b[k];
        lane[k & 15] += diff * diff;
    }
    return sum_lanes(lane, 16);
}

static double squared_distance_portable(const float *a, const float *b, long length) {
    double lane[16] = {0};
    long k = 0;
    for (; k + 16 <= length; k += 16) {
        for (int j = 0; j < 16; j++) {
            double diff = (double)a[k + j] - (double)b[k + j];
            lane[j] += diff * diff;
        }
    }
    return squared_distance_tail(a, b, k, length, lane);
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static double squared_distance_avx512(const float *a, const float *b,
                                                                           long length) {
    __m512d s0 = _mm512_setzero_pd(), s1 = _mm512_setzero_pd();
    long k = 0;
    for (; k + 16 <= length; k += 16) {
        __m512 x = _mm512_loadu_ps(a + k);
        __m512 y = _mm512_loadu_ps(b + k);
        __m512d lo = _mm512_sub_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(x)),
                                   _mm512_cvtps_pd(_mm512_castps512_ps256(y)));
        __m512d hi = _mm512_sub_pd(
            _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1))),
            _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(y), 1))));
        s0 = _mm512_add_pd(s0, _mm512_mul_pd(lo, lo));
        s1 = _mm512_add_pd(s1, _mm512_mul_pd(hi, hi));
    }
    double lane[16];
    _mm512_storeu_pd(lane, s0);
    _mm512_storeu_pd(lane + 8, s1);
    return squared_distance_tail(a, b, k, length, lane);
}

__attribute__((target("avx2"))) static double squared_distance_avx2(const float *a, const float *b, long length) {
    __m256d s[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
    long k = 0;
    for (; k + 16 <= length; k += 16) {
        __m256d q0 = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(a + k)), _mm256_cvtps_pd(_mm_loadu_ps(b + k)));
        __m256d q1 = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(a + k + 4)), _mm256_cvtps_pd(_mm_loadu_ps(b + k + 4)));
        __m256d q2 = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(a + k + 8)), _mm256_cvtps_pd(_mm_loadu_ps(b + k + 8)));
        __m256d q3 =
            _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(a + k + 12)), _mm256_cvtps_pd(_mm_loadu_ps(b + k + 12)));
        s[0] = _mm256_add_pd(s[0], _mm256_mul_pd(q0, q0));
        s[1] = _mm256_add_pd(s[1], _mm256_mul_pd(q1, q1));
        s[2] = _mm256_add_pd(s[2], _mm256_mul_pd(q2, q2));
        s[3] = _mm256_add_pd(s[3], _mm256_mul_pd(q3, q3));
    }
    double lane[16];
    for (int q = 0; q < 4; q++) _mm256_storeu_pd(lane + 4 * q, s[q]);
    return squared_distance_tail(a, b, k, length, lane);
}
#endif

double synod_robust_squared_distance(const float *a, const float *b, long length, int isa) {
    switch (synod_robust_resolve_isa(isa)) {
#if defined(__x86_64__)
    case 3:
        return squared_distance_avx512(a, b, length);
    case 2:
        return squared_distance_avx2(a, b, length);
#endif
    default:
        return squared_distance_portable(a, b, length);
    }
}

// ---------------------------------------------------------------------------------------------
// Gram block: lanes[(i * n + j) * 8 + l] accumulates x_i[k] * x_j[k] for k = l mod 8 (k relative
// to start, increasing), products of two floats in double (exact: 24 + 24 bits < 53), additions in
// double from +0. The scalar tail (length mod 8) goes to the same lanes; lanes are then added
// 0 … 7 from +0. Coordinates are visited in chunks of GRAM_CHUNK so the n rows of a chunk stay in
// L1 while every pair tile runs over them; a pair's additions still happen in increasing k.

#define GRAM_CHUNK 256

static void gram_finish(const float *base, long stride, const long *rows, long n, long start, long length,
                        long vectorLength, double *lanes, double *out) {
    for (long i = 0; i < n; i++) {
        for (long j = i; j < n; j++) {
            double *lane = lanes + (i * n + j) * 8;
            const float *a = base + rows[i] * stride + start;
            const float *b = base + rows[j] * stride + start;
            for (long k = vectorLength; k < length; k++) lane[k & 7] = lane[k & 7] + (double)a[k] * (double)b[k];
            double s = 0.0;
            for (int l = 0; l < 8; l++) s = s + lane[l];
            out[i * n + j] = s;
            out[j * n + i] = s;
        }
    }
}

static void gram_block_portable(const float *base, long stride, const long *rows, long n, long start, long length,
                                double *lanes, double *out) {
    long vectorLength = length & ~7L;
    for (long i = 0; i < n; i++) {
        for (long j = i; j < n; j++) {
            double *lane = lanes + (i * n + j) * 8;
            for (int l = 0; l < 8; l++) lane[l] = 0.0;
            const float *a = base + rows[i] * stride + start;
            const float *b = base + rows[j] * stride + start;
            for (long k = 0; k < vectorLength; k++) lane[k & 7] = lane[k & 7] + (double)a[k] * (double)b[k];
        }
    }
    gram_finish(base, stride, rows, n, start, length, vectorLength, lanes, out);
}

#if defined(__x86_64__)
// 4 × 4 pair tiles, 16 accumulators of 8 lanes in registers (rows past n alias row n-1 and are
// computed but never stored). Each chunk of the n rows is converted to double once (into the scratch
// after the lanes) so the tiles only load. A fused multiply-add gives the same bits as the
// portable product-then-sum here: the product of two floats is exact in double.
__attribute__((target("avx512f"))) static void gram_block_avx512(const float *base, long stride, const long *rows,
                                                                   long n, long start, long length, double *lanes,
                                                                   double *out) {
    long vectorLength = length & ~7L;
    double *converted = lanes + n * n * 8;
    for (long p = 0; p < n * n * 8; p++) lanes[p] = 0.0;
    for (long c = 0; c < vectorLength; c += GRAM_CHUNK) {
        long cl = vectorLength - c < GRAM_CHUNK ? vectorLength - c : GRAM_CHUNK;
        for (long i = 0; i < n; i++) {
            const float *src = base + rows[i] * stride + start + c;
            double *dst = converted + i * GRAM_CHUNK;
            for (long k = 0; k < cl; k += 8) _mm512_storeu_pd(dst + k, _mm512_cvtps_pd(_mm256_loadu_ps(src + k)));
            // The next chunk of this row arrives while the tiles below run (30 streams are more than
            // the hardware prefetcher follows). A prefetch past the block end is harmless.
            if (c + GRAM_CHUNK < vectorLength)
                for (long k = 0; k < GRAM_CHUNK; k += 16) _mm_prefetch((const char *)(src + GRAM_CHUNK + k), _MM_HINT_T0);
        }
        for (long i0 = 0; i0 < n; i0 += 4) {
            for (long j0 = i0; j0 < n; j0 += 4) {
                const double *a[4], *b[4];
                __m512d acc[4][4];
                for (int t = 0; t < 4; t++) {
                    long i = i0 + t < n ? i0 + t : n - 1;
                    long j = j0 + t < n ? j0 + t : n - 1;
                    a[t] = converted + i * GRAM_CHUNK;
                    b[t] = converted + j * GRAM_CHUNK;
                }
                for (int t = 0; t < 4; t++)
                    for (int u = 0; u < 4; u++)
                        acc[t][u] = (i0 + t < n && j0 + u < n) ? _mm512_loadu_pd(lanes + ((i0 + t) * n + j0 + u) * 8)
                                                               : _mm512_setzero_pd();
                for (long k = 0; k < cl; k += 8) {
                    __m512d av[4], bv[4];
                    for (int t = 0; t < 4; t++) {
                        av[t] = _mm512_loadu_pd(a[t] + k);
                        bv[t] = _mm512_loadu_pd(b[t] + k);
                    }
                    for (int t = 0; t < 4; t++)
                        for (int u = 0; u < 4; u++) acc[t][u] = _mm512_fmadd_pd(av[t], bv[u], acc[t][u]);
                }
                for (int t = 0; t < 4; t++)
                    for (int u = 0; u < 4; u++)
                        if (i0 + t < n && j0 + u < n) _mm512_storeu_pd(lanes + ((i0 + t) * n + j0 + u) * 8, acc[t][u]);
            }
        }
    }
    gram_finish(base, stride, rows, n, start, length, vectorLength, lanes, out);
}

// 2 × 2 pair tiles, each pair's 8 lanes as two 4-lane halves (lanes 0-3, 4-7).
__attribute__((target("avx2"))) static void gram_block_avx2(const float *base, long stride, const long *rows, long n,
                                                              long start, long length, double *lanes, double *out) {
    long vectorLength = length & ~7L;
    for (long p = 0; p < n * n * 8; p++) lanes[p] = 0.0;
    for (long c = 0; c < vectorLength; c += GRAM_CHUNK) {
        long cl = vectorLength - c < GRAM_CHUNK ? vectorLength - c : GRAM_CHUNK;
        for (long i0 = 0; i0 < n; i0 += 2) {
            for (long j0 = i0; j0 < n; j0 += 2) {
                const float *a[2], *b[2];
                __m256d lo[2][2], hi[2][2];
                for (int t = 0; t < 2; t++) {
                    long i = i0 + t < n ? i0 + t : n - 1;
                    long j = j0 + t < n ? j0 + t : n - 1;
                    a[t] = base + rows[i] * stride + start + c;
                    b[t] = base + rows[j] * stride + start + c;
                }
                for (int t = 0; t < 2; t++)
                    for (int u = 0; u < 2; u++) {
                        int valid = i0 + t < n && j0 + u < n;
                        double *lane = lanes + ((valid ? i0 + t : 0) * n + (valid ? j0 + u : 0)) * 8;
                        lo[t][u] = valid ? _mm256_loadu_pd(lane) : _mm256_setzero_pd();
                        hi[t][u] = valid ? _mm256_loadu_pd(lane + 4) : _mm256_setzero_pd();
                    }
                for (long k = 0; k < cl; k += 8) {
                    __m256d alo[2], ahi[2], blo[2], bhi[2];
                    for (int t = 0; t < 2; t++) {
                        alo[t] = _mm256_cvtps_pd(_mm_loadu_ps(a[t] + k));
                        ahi[t] = _mm256_cvtps_pd(_mm_loadu_ps(a[t] + k + 4));
                        blo[t] = _mm256_cvtps_pd(_mm_loadu_ps(b[t] + k));
                        bhi[t] = _mm256_cvtps_pd(_mm_loadu_ps(b[t] + k + 4));
                    }
                    for (int t = 0; t < 2; t++)
                        for (int u = 0; u < 2; u++) {
                            lo[t][u] = _mm256_add_pd(lo[t][u], _mm256_mul_pd(alo[t], blo[u]));
                            hi[t][u] = _mm256_add_pd(hi[t][u], _mm256_mul_pd(ahi[t], bhi[u]));
                        }
                }
                for (int t = 0; t < 2; t++)
                    for (int u = 0; u < 2; u++)
                        if (i0 + t < n && j0 + u < n) {
                            double *lane = lanes + ((i0 + t) * n + j0 + u) * 8;
                            _mm256_storeu_pd(lane, lo[t][u]);
                            _mm256_storeu_pd(lane + 4, hi[t][u]);
                        }
            }
        }
    }
    gram_finish(base, stride, rows, n, start, length, vectorLength, lanes, out);
}
#endif

void synod_robust_gram_block(const float *base, long stride, const long *rows, long n, long start, long length,
                             double *lanes, double *out, int isa) {
    int level = synod_robust_resolve_isa(isa);
#if defined(__x86_64__)
    if (level == 3) {
        gram_block_avx512(base, stride, rows, n, start, length, lanes, out);
        return;
    }
    if (level == 2) {
        gram_block_avx2(base, stride, rows, n, start, length, lanes, out);
        return;
    }
#endif
    (void)level;
    gram_block_portable(base, stride, rows, n, start, length, lanes, out);
}
