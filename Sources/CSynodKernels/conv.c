// im2col / col2im (Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for
// Document Processing", 2006) and max pooling, for CHW images.
#include "CSynodKernels.h"

#include <float.h>

// The output columns ox in [*lo, *hi) whose input column ox*stride - pad + j lies inside 0..<width.
static void valid_columns(long j, long stride, long pad, long width, long ow, long *lo, long *hi) {
    long first = pad - j;  // x >= 0  <=>  ox*stride >= pad - j
    long l = first <= 0 ? 0 : (first + stride - 1) / stride;
    long last = width - 1 + pad - j;  // x <= width-1  <=>  ox*stride <= width - 1 + pad - j
    long h = last < 0 ? 0 : last / stride + 1;
    if (h > ow) h = ow;
    if (l > h) l = h;
    *lo = l;
    *hi = h;
}

void synod_im2col(const float *image, long channels, long height, long width, long kh, long kw, long stride,
                  long pad, long oh, long ow, float *col, long ldcol) {
    for (long c = 0; c < channels; c++) {
        const float *plane = image + c * height * width;
        for (long i = 0; i < kh; i++) {
            for (long j = 0; j < kw; j++) {
                float *row = col + ((c * kh + i) * kw + j) * ldcol;
                long lo, hi;
                valid_columns(j, stride, pad, width, ow, &lo, &hi);
                for (long oy = 0; oy < oh; oy++) {
                    long y = oy * stride - pad + i;
                    float *dst = row + oy * ow;
                    if (y < 0 || y >= height) {
                        for (long ox = 0; ox < ow; ox++) dst[ox] = 0.0f;
                        continue;
                    }
                    const float *src = plane + y * width;
                    long x0 = j - pad;  // output column ox reads input column ox*stride + x0
                    for (long ox = 0; ox < lo; ox++) dst[ox] = 0.0f;
                    if (stride == 1) {
                        for (long ox = lo; ox < hi; ox++) dst[ox] = src[ox + x0];
                    } else {
                        for (long ox = lo; ox < hi; ox++) dst[ox] = src[ox * stride + x0];
                    }
                    for (long ox = hi; ox < ow; ox++) dst[ox] = 0.0f;
                }
            }
        }
    }
}

void synod_col2im(const float *col, long ldcol, long channels, long height, long width, long kh, long kw,
                  long stride, long pad, long oh, long ow, float *image) {
    for (long c = 0; c < channels; c++) {
        float *plane = image + c * height * width;
        for (long i = 0; i < kh; i++) {
            for (long j = 0; j < kw; j++) {
                const float *row = col + ((c * kh + i) * kw + j) * ldcol;
                long lo, hi;
                valid_columns(j, stride, pad, width, ow, &lo, &hi);
                for (long oy = 0; oy < oh; oy++) {
                    long y = oy * stride - pad + i;
                    if (y < 0 || y >= height) continue;
                    const float *src = row + oy * ow;
                    float *dst = plane + y * width;
                    long x0 = j - pad;
                    if (stride == 1) {
                        for (long ox = lo; ox < hi; ox++) dst[ox + x0] += src[ox];
                    } else {
                        for (long ox = lo; ox < hi; ox++) dst[ox * stride + x0] += src[ox];
                    }
                }
            }
        }
    }
}

// v replaces the running maximum if larger, or if it is the first NaN (NaN propagates, as in PyTorch).
#define TAKES(v, best) ((v) > (best) || ((v) != (v) && (best) == (best)))

void synod_maxpool_forward(const float *input, long planes, long height, long width, long k, long s, long oh,
                           long ow, float *output, int *argmax) {
    if (k == 2 && s == 2) {
        // The common 2x2/2 window, unrolled (same first-maximum tie rule: row-major scan, strict >).
        for (long p = 0; p < planes; p++) {
            const float *in = input + p * height * width;
            float *out = output + p * oh * ow;
            int *am = argmax + p * oh * ow;
            for (long oy = 0; oy < oh; oy++) {
                const float *r0 = in + (2 * oy) * width;
                const float *r1 = r0 + width;
                for (long ox = 0; ox < ow; ox++) {
                    long x = 2 * ox;
                    float best = r0[x];
                    int index = (int)(2 * oy * width + x);
                    if (TAKES(r0[x + 1], best)) { best = r0[x + 1]; index = (int)(2 * oy * width + x + 1); }
                    if (TAKES(r1[x], best)) { best = r1[x]; index = (int)((2 * oy + 1) * width + x); }
                    if (TAKES(r1[x + 1], best)) { best = r1[x + 1]; index = (int)((2 * oy + 1) * width + x + 1); }
                    out[oy * ow + ox] = best;
                    am[oy * ow + ox] = index;
                }
            }
        }
        return;
    }
    for (long p = 0; p < planes; p++) {
        const float *in = input + p * height * width;
        float *out = output + p * oh * ow;
        int *am = argmax + p * oh * ow;
        for (long oy = 0; oy < oh; oy++) {
            for (long ox = 0; ox < ow; ox++) {
                float best = -FLT_MAX;
                int bestIndex = (int)((oy * s) * width + ox * s);
                int seen = 0;
                for (long i = 0; i < k; i++) {
                    long y = oy * s + i;
                    for (long j = 0; j < k; j++) {
                        long x = ox * s + j;
                        float v = in[y * width + x];
                        if (!seen || v > best || (v != v && best == best)) {
                            best = v;
                            bestIndex = (int)(y * width + x);
                            seen = 1;
                        }
                    }
                }
                out[oy * ow + ox] = best;
                am[oy * ow + ox] = bestIndex;
            }
        }
    }
}

// y = max(x, 0), NaN propagates (as Swift's max(x, 0) and PyTorch's relu); -0 becomes +0.
void synod_relu_forward(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) {
        float v = x[i];
        y[i] = (v > 0.0f || v != v) ? v : 0.0f;
    }
}

// dx = dy where y > 0, else 0.
void synod_relu_backward(const float *y, const float *dy, float *dx, long n) {
    for (long i = 0; i < n; i++) dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}
