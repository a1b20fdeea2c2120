import SynodCore
import Testing

@testable import SynodTensor

struct ConvolutionTests {
    private func random(_ count: Int, _ rng: inout SeededRandom) -> [Float] {
        (0..<count).map { _ in Float(rng.uniform(-1, 1)) }
    }

    @Test func im2colGemmMatchesDirectConvolution() throws {
        var rng = SeededRandom(seed: 1)
        for (c, h, w, k, s, p, o, n) in [(1, 5, 5, 3, 1, 0, 2, 1), (3, 7, 6, 5, 1, 2, 4, 2), (2, 9, 8, 3, 2, 1, 3, 3)] {
            let g = try ConvolutionGeometry(
                channels: c, height: h, width: w, kernelHeight: k, kernelWidth: k, stride: s, padding: p)
            let x = random(n * g.imageSize, &rng)
            let weights = random(o * g.patchSize, &rng)
            let total = n * g.outputPositions
            var cols = [Float](repeating: .nan, count: g.patchSize * total)
            x.withUnsafeBufferPointer { xp in
                cols.withUnsafeMutableBufferPointer {
                    Convolution.im2col(images: xp.baseAddress!, batch: n, geometry: g, columns: $0.baseAddress!)
                }
            }
            var product = [Float](repeating: 0, count: o * total)
            weights.withUnsafeBufferPointer { wp in
                cols.withUnsafeBufferPointer { cp in
                    product.withUnsafeMutableBufferPointer { yp in
                        Gemm.multiply(
                            transposeA: false, transposeB: false, m: o, n: total, k: g.patchSize, a: wp.baseAddress!,
                            lda: g.patchSize, b: cp.baseAddress!, ldb: total, c: yp.baseAddress!, ldc: total)
                    }
                }
            }
            let expected = Convolution.naiveForward(
                input: x, batch: n, geometry: g, weights: weights, bias: [Float](repeating: 0, count: o),
                outputChannels: o)
            for b in 0..<n {
                for oc in 0..<o {
                    for i in 0..<g.outputPositions {
                        let got = product[oc * total + b * g.outputPositions + i]
                        let want = expected[(b * o + oc) * g.outputPositions + i]
                        #expect(abs(got - want) < 1e-4)
                    }
                }
            }
        }
    }

    @Test func col2imIsTheAdjointOfIm2col() throws {
        // ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for all x, c.
        var rng = SeededRandom(seed: 2)
        let g = try ConvolutionGeometry(
            channels: 2, height: 7, width: 5, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1)
        let n = 2
        let x = random(n * g.imageSize, &rng)
        let c = random(g.patchSize * n * g.outputPositions, &rng)
        var cols = [Float](repeating: 0, count: c.count)
        var back = [Float](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { xp in
            cols.withUnsafeMutableBufferPointer {
                Convolution.im2col(images: xp.baseAddress!, batch: n, geometry: g, columns: $0.baseAddress!)
            }
        }
        c.withUnsafeBufferPointer { cp in
            back.withUnsafeMutableBufferPointer {
                Convolution.col2im(columns: cp.baseAddress!, batch: n, geometry: g, images: $0.baseAddress!)
            }
        }
        let lhs = zip(cols, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let rhs = zip(x, back).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(lhs - rhs) < 1e-4)
        #expect(throws: TensorError(.invalidArgument, "")) {
            try ConvolutionGeometry(channels: 1, height: 2, width: 2, kernelHeight: 5, kernelWidth: 5)
        }
    }
}
