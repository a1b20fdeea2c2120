import CSynodKernels

/// im2col / col2im lowering of convolution to GEMM (Chellapilla et al., 2006).
///
/// For a batch of N images the column matrix has `C·kh·kw` rows and `N·OH·OW` columns; image `n`
/// occupies columns `n·OH·OW ..< (n+1)·OH·OW`, so one GEMM convolves the whole batch.
public enum Convolution {
    /// Fills `columns` (`patchSize × batch·outputPositions`, row-major) from `batch` CHW images.
    public static func im2col(
        images: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
        columns: UnsafeMutablePointer<Float>
    ) {
        let ld = batch * g.outputPositions
        Parallelism.forEachRange(batch, parts: Parallelism.threadCount) { range in
            for n in range {
                synod_im2col(
                    images + n * g.imageSize, g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth,
                    g.stride, g.padding, g.outputHeight, g.outputWidth, columns + n * g.outputPositions, ld)
            }
        }
    }

    /// Overwrites `images` with the col2im adjoint of `columns` (sums overlapping patches).
    public static func col2im(
        columns: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
        images: UnsafeMutablePointer<Float>
    ) {
        let ld = batch * g.outputPositions
        Parallelism.forEachRange(batch, parts: Parallelism.threadCount) { range in
            for n in range {
                let image = images + n * g.imageSize
                image.update(repeating: 0, count: g.imageSize)
                synod_col2im(
                    columns + n * g.outputPositions, ld, g.channels, g.height, g.width, g.kernelHeight,
                    g.kernelWidth, g.stride, g.padding, g.outputHeight, g.outputWidth, image)
            }
        }
    }

    /// Direct (naive) convolution of one batch, for tests: input `[N, C, H, W]`, weights
    /// `[O, C, kh, kw]`, bias `[O]`; returns `[N, O, OH, OW]` accumulated in Double.
    public static func naiveForward(
        input: [Float], batch: Int, geometry g: ConvolutionGeometry, weights: [Float], bias: [Float],
        outputChannels: Int
    ) -> [Float] {
        var out = [Float](repeating: 0, count: batch * outputChannels * g.outputPositions)
        for n in 0..<batch {
            for o in 0..<outputChannels {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        var sum = Double(bias[o])
                        for c in 0..<g.channels {
                            for i in 0..<g.kernelHeight {
                                for j in 0..<g.kernelWidth {
                                    let y = oy * g.stride - g.padding + i
                                    let x = ox * g.stride - g.padding + j
                                    guard y >= 0, y < g.height, x >= 0, x < g.width else { continue }
                                    let w = weights[((o * g.channels + c) * g.kernelHeight + i) * g.kernelWidth + j]
                                    sum += Double(w) * Double(input[n * g.imageSize + (c * g.height + y) * g.width + x])
                                }
                            }
                        }
                        out[((n * outputChannels + o) * g.outputHeight + oy) * g.outputWidth + ox] = Float(sum)
                    }
                }
            }
        }
        return out
    }
}
