#ifndef CSYNOD_KERNELS_H
#define CSYNOD_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The best GEMM micro-kernel instruction set this CPU runs: 1 = portable (128-bit vectors),
/// 2 = AVX2+FMA (6x16), 3 = AVX-512 (12x32). There is no process-wide setting: callers that want
/// another kernel pass it to `synod_sgemm_isa`.
int synod_gemm_isa(void);

/// 1 when this CPU can run the given ISA (1, 2 or 3), else 0.
int synod_gemm_supports(int isa);

/// Single-threaded row-major SGEMM: C[m x n] = alpha * op(A) * op(B) + beta * C.
/// op(A) is m x k (A stored m x k with leading dimension lda, or k x m when transA != 0);
/// op(B) is k x n (B stored k x n with leading dimension ldb, or n x k when transB != 0).
/// When beta == 0, C is not read (NaN in C is overwritten). Returns 0, or -1 on allocation failure.
int synod_sgemm(int transA, int transB, long m, long n, long k, float alpha, const float *A, long lda,
                const float *B, long ldb, float beta, float *C, long ldc);

/// `synod_sgemm` with the micro-kernel `isa` (1, 2 or 3; 0 or one this CPU cannot run = `synod_gemm_isa()`).
int synod_sgemm_isa(int isa, int transA, int transB, long m, long n, long k, float alpha, const float *A, long lda,
                    const float *B, long ldb, float beta, float *C, long ldc);

/// im2col for one image in CHW layout: writes col[(c*kh + i)*kw + j][oy*ow + ox] with row stride `ldcol`
/// starting at column offset 0 of `col` (callers offset `col` to place several images side by side).
void synod_im2col(const float *image, long channels, long height, long width, long kh, long kw, long stride,
                  long pad, long oh, long ow, float *col, long ldcol);

/// col2im for one image: accumulates (+=) the columns back into `image` (CHW), the adjoint of `synod_im2col`.
void synod_col2im(const float *col, long ldcol, long channels, long height, long width, long kh, long kw,
                  long stride, long pad, long oh, long ow, float *image);

/// Max pooling over `planes` HxW planes with a square window `k` and stride `s` (no padding);
/// writes the output and the flat index (within the plane) of each maximum (first on ties).
void synod_maxpool_forward(const float *input, long planes, long height, long width, long k, long s, long oh,
                           long ow, float *output, int *argmax);

/// y[i] = max(x[i], 0) (NaN propagates, -0 becomes +0); x and y may be the same buffer.
void synod_relu_forward(const float *x, float *y, long n);

/// dx[i] = y[i] > 0 ? dy[i] : 0 (the ReLU gradient, 0 at 0); dx may alias dy.
void synod_relu_backward(const float *y, const float *dy, float *dx, long n);

/// The geometry of a convolution over CHW images (kernel kh x kw, one stride and zero padding for both
/// directions; oh/ow are the output height and width, which the caller has validated).
typedef struct {
    long channels, height, width, kh, kw, stride, pad, oh, ow;
} synod_conv_shape;

/// Floats of workspace one thread needs for `synod_conv_forward_range` / `synod_conv_backward_range`.
long synod_conv_workspace_floats(const synod_conv_shape *shape, long outChannels);

/// Forward convolution of samples n0..<n1 of an NCHW batch: output[n][o][p] = bias[o] + sum W[o][k] col_n[k][p]
/// (weights [O][C][kh][kw], output [N][O][OH][OW]). `workspace` holds `synod_conv_workspace_floats` floats;
/// `isa` picks the micro-kernel as in `synod_sgemm_isa` (0 = `synod_gemm_isa()`).
void synod_conv_forward_range(const synod_conv_shape *shape, long outChannels, const float *weights, const float *bias,
                              const float *input, float *output, long n0, long n1, float *workspace, int isa);

/// Backward convolution of samples n0..<n1: overwrites gradWeights [O][C*kh*kw] and gradBias [O] with the sums
/// over these samples (accumulated in sample order), and, when gradInput is not NULL, overwrites
/// gradInput[n] (CHW) for each of these samples.
void synod_conv_backward_range(const synod_conv_shape *shape, long outChannels, const float *weights, const float *input,
                               const float *gradOutput, long n0, long n1, float *gradWeights, float *gradBias,
                               float *gradInput, float *workspace, int isa);

#ifdef __cplusplus
}
#endif

#endif
