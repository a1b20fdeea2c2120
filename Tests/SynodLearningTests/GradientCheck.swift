import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

/// Finite-difference gradient checks for layers.
///
/// The scalar under test is `L = Σᵢ rᵢ·yᵢ` for a fixed random `r`, summed in Double. Central
/// differences with step `h = 1e-2` on float32 forward passes have a rounding error of about
/// `√(#outputs)·1e-7·|y| / h ≲ 1e-4` and a truncation error `O(h²)`; so a correct backward agrees
/// with them to ~1e-3 relative, and a wrong one (a missing term, a transposed index) is off by
/// O(1). Tolerance: relative L2 error ≤ 1e-2 over the sampled coordinates.
enum GradientCheck {
    static func randomValues(_ count: Int, _ rng: inout SeededRandom, scale: Double = 1) -> [Float] {
        (0..<count).map { _ in Float(rng.uniform(-scale, scale)) }
    }

    static func objective(_ y: Tensor, _ r: [Float]) -> Double {
        var s = 0.0
        for i in 0..<y.count { s += Double(y.values[i]) * Double(r[i]) }
        return s
    }

    static func evaluate<L: Layer>(_ layer: L, _ x: Tensor, _ p: [Float], _ r: [Float], training: Bool) -> Double {
        var copy = layer
        let y = p.withUnsafeBufferPointer { copy.forward(x, parameters: $0, training: training) }
        return objective(y, r)
    }

    /// Returns (input relative error, parameter relative error).
    static func check<L: Layer>(
        _ layer: L, inputShape: [Int], batch: Int, seed: UInt64, input: [Float]? = nil, parameters: [Float]? = nil,
        training: Bool = true, samples: Int = 40, step: Float = 1e-2
    ) throws -> (input: Double, parameters: Double) {
        var rng = SeededRandom(seed: seed)
        let shape = [batch] + inputShape
        let x = try Tensor(
            shape: shape, values: input ?? randomValues(Tensor.count(of: shape), &rng))
        let p = parameters ?? randomValues(layer.parameterCount, &rng, scale: 0.5)
        var forwardLayer = layer
        let y = p.withUnsafeBufferPointer { forwardLayer.forward(x, parameters: $0, training: training) }
        let outShape = try layer.outputShape(for: inputShape)
        #expect(y.shape == [batch] + outShape)
        let r = randomValues(y.count, &rng)
        var grads = [Float](repeating: .nan, count: p.count)
        let dx = p.withUnsafeBufferPointer { pp in
            grads.withUnsafeMutableBufferPointer { gp in
                forwardLayer.backward(Tensor(unchecked: y.shape, values: r), parameters: pp, gradients: gp)
            }
        }
        #expect(dx.shape == x.shape)
        #expect(grads.allSatisfy { $0.isFinite }, "backward left unwritten gradient entries")

        func relativeError(indices: [Int], analytic: [Float], perturb: (Int, Float) -> Double) -> Double {
            var diff = 0.0
            var norm = 0.0
            for i in indices {
                let numeric = (perturb(i, step) - perturb(i, -step)) / (2 * Double(step))
                diff += (numeric - Double(analytic[i])) * (numeric - Double(analytic[i]))
                norm += Double(analytic[i]) * Double(analytic[i])
            }
            return norm == 0 ? diff.squareRoot() : (diff / norm).squareRoot()
        }
        let inputIndices = (0..<min(samples, x.count)).map { _ in rng.uniformInt(in: 0..<x.count) }
        let inputError = relativeError(indices: inputIndices, analytic: dx.values) { i, h in
            var xv = x
            xv.values[i] += h
            return evaluate(layer, xv, p, r, training: training)
        }
        var parameterError = 0.0
        if !p.isEmpty {
            let parameterIndices = (0..<min(samples, p.count)).map { _ in rng.uniformInt(in: 0..<p.count) }
            parameterError = relativeError(indices: parameterIndices, analytic: grads) { i, h in
                var pv = p
                pv[i] += h
                return evaluate(layer, x, pv, r, training: training)
            }
        }
        return (inputError, parameterError)
    }

    /// Inputs whose entries are pairwise at least 0.05 apart and away from 0, so a ±1e-2 step never
    /// crosses a ReLU kink or changes a max-pool winner.
    static func separatedValues(_ count: Int, _ rng: inout SeededRandom) -> [Float] {
        var values = (0..<count).map { i in Float(i - count / 2) * 0.05 + 0.025 }
        rng.shuffle(&values)
        return values
    }
}
