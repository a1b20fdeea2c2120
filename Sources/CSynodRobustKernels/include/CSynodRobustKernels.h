#ifndef CSYNOD_ROBUST_KERNELS_H
#define CSYNOD_ROBUST_KERNELS_H

// Hot loops of the robust aggregation rules (SynodRobust), with runtime dispatch to AVX-512 / AVX2
// and a portable C fallback. Every kernel returns bit-identical results on every instruction set:
// the accumulation orders below are part of the contract (docs/robust.md, "Speed").
//
// `isa`: 0 = best available, 1 = portable C, 2 = AVX2, 3 = AVX-512F. A level the CPU cannot run
// falls back to the best one it can.

#ifdef __cplusplus
extern "C" {
#endif

/// The best instruction-set level of this CPU (1, 2 or 3).
int synod_robust_best_isa(void);

/// The level `isa` resolves to on this CPU (0 and unsupported levels resolve to the best available).
int synod_robust_resolve_isa(int isa);

/// Per coordinate k in [start, start + length): sorts the n values base[rows[r] * stride + k]
/// (r = 0 … n-1) with the compare-exchange network `pairs` (pairCount pairs (lo, hi); a pair swaps
/// iff value[hi] < value[lo]) and writes to out[k - start]:
/// - mode 0 (median): the middle order statistic (odd n) or (s[n/2-1] + s[n/2]) / 2 in double;
/// - mode 1 (trimmed mean): (s[trim] + s[trim+1] + … + s[n-trim-1]) / (n - 2 trim), summed in that
///   ascending order in double starting from +0, divided in double, rounded to float once.
/// `scratch` must hold 16 * n floats. Requires n >= 1 and, for mode 1, n > 2 trim.
void synod_robust_order_statistic(const float *base, long stride, const long *rows, long n, long start,
                                  long length, int mode, long trim, const int *pairs, long pairCount,
                                  float *scratch, float *out, int isa);

/// acc[k] = sum over r = 0 … n-1 (in that order, starting from +0) of weights[r] * base[rows[r] *
/// stride + start + k], for k in [0, length); each term is a double product then a double addition
/// (no fused multiply-add).
void synod_robust_weighted_row_sum(const float *base, long stride, const long *rows, const double *weights,
                                   long n, long start, long length, double *acc, int isa);

/// sum over k in [0, length) of ((double)a[k] - (double)b[k])^2 (difference and square in double): term k
/// goes to lane k mod 16 (each lane summed in increasing k from +0), then lanes 0 … 15 are added in
/// that order starting from +0.
double synod_robust_squared_distance(const float *a, const float *b, long length, int isa);

/// One Weiszfeld update of a block: value = acc[k] / total; step = sum (value - z[k])^2 and
/// norm = sum value^2 (each over 8 lanes k mod 8 in increasing k, lanes then added 0 … 7 from +0);
/// then z[k] = value and zf[k] = (float)value. Results are written to *step and *norm.
void synod_robust_weiszfeld_update(const double *acc, long length, double total, double *z, float *zf,
                                   double *step, double *norm, int isa);

#ifdef __cplusplus
}
#endif

#endif
