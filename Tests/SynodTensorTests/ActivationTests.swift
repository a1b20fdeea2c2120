import SynodCore
import Testing

@testable import SynodTensor

struct ActivationTests {
    @Test func reluMatchesTheDefinitionOnOddAndLargeBuffers() {
        var rng = SeededRandom(seed: 60)
        // Odd lengths exercise the vector tails; 70,001 elements exceed the parallel threshold.
        for count in [1, 7, 33, 1023, Activation.parallelThreshold + 4465] {
            var x = (0..<count).map { _ in Float(rng.uniform(-1, 1)) }
            x[0] = count > 1 ? -0.0 : .nan
            if count > 2 { x[1] = .nan }
            let dy = (0..<count).map { _ in Float(rng.uniform(-1, 1)) }
            var y = [Float](repeating: 7, count: count)
            var dx = [Float](repeating: 7, count: count)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer {
                    Activation.reluForward(xp.baseAddress!, $0.baseAddress!, count: count)
                }
            }
            y.withUnsafeBufferPointer { yp in
                dy.withUnsafeBufferPointer { dyp in
                    dx.withUnsafeMutableBufferPointer {
                        Activation.reluBackward(
                            output: yp.baseAddress!, gradOutput: dyp.baseAddress!, gradInput: $0.baseAddress!,
                            count: count)
                    }
                }
            }
            for i in 0..<count {
                if x[i].isNaN {
                    #expect(y[i].isNaN, "NaN must propagate at \(i)")
                } else {
                    #expect(y[i] == max(x[i], 0) && y[i].sign == .plus, "forward at \(i) of \(count)")
                }
                #expect(dx[i] == (y[i] > 0 ? dy[i] : 0), "backward at \(i) of \(count)")
            }
        }
    }
}
