import SynodCore
import Testing

@testable import SynodTensor

struct PoolingTests {
    @Test func maxPoolMatchesNaiveAndRoutesGradients() {
        var rng = SeededRandom(seed: 3)
        for (planes, h, w, k, s) in [(3, 6, 6, 2, 2), (2, 7, 9, 3, 2), (1, 5, 4, 2, 1), (70, 6, 6, 2, 2)] {
            let x = (0..<(planes * h * w)).map { _ in Float(rng.uniform(-1, 1)) }
            let oh = Pooling.outputSize(h, window: k, stride: s)
            let ow = Pooling.outputSize(w, window: k, stride: s)
            var y = [Float](repeating: 0, count: planes * oh * ow)
            var argmax = [Int32](repeating: -1, count: y.count)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    argmax.withUnsafeMutableBufferPointer { ap in
                        Pooling.maxPoolForward(
                            input: xp.baseAddress!, planes: planes, height: h, width: w, window: k, stride: s,
                            output: yp.baseAddress!, argmax: ap.baseAddress!)
                    }
                }
            }
            for p in 0..<planes {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var best = -Float.infinity
                        for i in 0..<k {
                            for j in 0..<k { best = max(best, x[p * h * w + (oy * s + i) * w + ox * s + j]) }
                        }
                        let index = p * oh * ow + oy * ow + ox
                        #expect(y[index] == best)
                        #expect(x[p * h * w + Int(argmax[index])] == best)
                    }
                }
            }
            let dy = [Float](repeating: 1, count: y.count)
            var dx = [Float](repeating: .nan, count: x.count)
            dy.withUnsafeBufferPointer { dp in
                argmax.withUnsafeBufferPointer { ap in
                    dx.withUnsafeMutableBufferPointer { xp in
                        Pooling.maxPoolBackward(
                            gradOutput: dp.baseAddress!, argmax: ap.baseAddress!, planes: planes, height: h, width: w,
                            outputHeight: oh, outputWidth: ow, gradInput: xp.baseAddress!)
                    }
                }
            }
            #expect(dx.reduce(0, +) == Float(y.count))
        }
    }
}
