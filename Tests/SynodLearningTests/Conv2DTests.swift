import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct Conv2DTests {
    @Test func backwardMatchesFiniteDifferences() throws {
        let cases: [(Conv2D, [Int], Int)] = [
            (Conv2D(1, 2, kernel: 3, name: "c"), [1, 5, 5], 2),
            (Conv2D(3, 4, kernel: 5, padding: 2, name: "c"), [3, 7, 6], 2),
            (Conv2D(2, 3, kernel: 3, stride: 2, padding: 1, name: "c"), [2, 9, 8], 3),
            (Conv2D(4, 2, kernel: 1, stride: 2, name: "c"), [4, 5, 5], 1),
        ]
        for (index, (layer, shape, batch)) in cases.enumerated() {
            let errors = try GradientCheck.check(layer, inputShape: shape, batch: batch, seed: 10 + UInt64(index))
            #expect(errors.input < 1e-2 && errors.parameters < 1e-2, "case \(index): \(errors)")
        }
    }

    @Test func forwardMatchesDirectConvolution() throws {
        var rng = SeededRandom(seed: 5)
        for (cin, cout, k, s, p, h, w, n) in [
            (3, 5, 3, 1, 1, 11, 9, 3), (2, 7, 5, 2, 2, 13, 13, 2), (1, 6, 5, 1, 0, 8, 10, 4),
        ] {
            var layer = Conv2D(cin, cout, kernel: k, stride: s, padding: p, name: "c")
            let params = GradientCheck.randomValues(layer.parameterCount, &rng)
            let input = GradientCheck.randomValues(n * cin * h * w, &rng)
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
