import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct Conv2DTests {
    @Test func backwardMatchesTheDoubleReferenceAtEveryCoordinate() throws {
        let cases: [(cin: Int, cout: Int, k: Int, s: Int, p: Int, shape: [Int], batch: Int)] = [
            (1, 2, 3, 1, 0, [1, 5, 5], 2), (3, 4, 5, 1, 2, [3, 5, 4], 2), (2, 3, 3, 2, 1, [2, 9, 8], 3),
            (4, 2, 1, 2, 0, [4, 5, 5], 1),
        ]
        for (index, c) in cases.enumerated() {
            let layer = Conv2D(c.cin, c.cout, kernel: c.k, stride: c.s, padding: c.p, name: "c")
            let reference = ReferenceLayers.conv2D(
                channels: c.cin, height: c.shape[1], width: c.shape[2], outputChannels: c.cout, kernel: c.k,
                stride: c.s, padding: c.p)
            let mismatches = try ExactGradientCheck.check(
                layer, inputShape: c.shape, batch: c.batch, seed: 10 + UInt64(index), reference: reference)
            #expect(mismatches.isEmpty, "case \(index): \(mismatches.count) mismatches, \(mismatches.prefix(4))")
        }
    }

    @Test func forwardMatchesDirectConvolution() throws {
        var rng = SeededRandom(seed: 5)
        for (cin, cout, k, s, p, h, w, n) in [
            (3, 5, 3, 1, 1, 11, 9, 3), (2, 7, 5, 2, 2, 13, 13, 2), (1, 6, 5, 1, 0, 8, 10, 4),
        ] {
            var layer = Conv2D(cin, cout, kernel: k, stride: s, padding: p, name: "c")
            let params = TestValues.uniform(layer.parameterCount, &rng)
            let input = TestValues.uniform(n * cin * h * w, &rng)
            let y = params.withUnsafeBufferPointer {
                layer.forward(Tensor(unchecked: [n, cin, h, w], values: input), parameters: $0, training: false)
            }
            let g = try ConvolutionGeometry(
                channels: cin, height: h, width: w, kernelHeight: k, kernelWidth: k, stride: s, padding: p)
            let expected = Convolution.naiveForward(
                input: input, batch: n, geometry: g, weights: Array(params[0..<(cout * cin * k * k)]),
                bias: Array(params[(cout * cin * k * k)...]), outputChannels: cout)
            #expect(y.shape == [n, cout, g.outputHeight, g.outputWidth])
            let worst = zip(y.values, expected).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-4)
        }
    }
}
