import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

/// Gradient checks against a Double reference of a layer's forward pass, over every coordinate of
/// the input and of the parameters.
///
/// The scalar is `L = Σᵢ rᵢ·yᵢ` with `y` from the reference forward pass in Double. The layers checked
/// here are affine in each single coordinate (or piecewise affine, with inputs kept away from the
/// kinks), so the central difference has no truncation error; its rounding error is about
/// `2⁻⁵³·Σ|rᵢ·yᵢ| / h ≲ 1e-11`. The numeric gradient is therefore exact far below Float precision.
/// The layer's analytic gradient is computed in Float: each coordinate is a sum of at most a few
/// hundred products of terms below 1 in magnitude, so its rounding error is below
/// `n·2⁻²⁴ ≈ 1e-5` for `n ≤ 160`. Tolerance per coordinate: `|g − ĝ| ≤ 1e-4·|ĝ| + 1e-5`. A gradient
/// scaled by 1.005, or one coordinate off by more than the tolerance, fails.
enum ExactGradientCheck {
    /// One coordinate whose analytic gradient (or forward value) disagrees with the reference.
    struct Mismatch: CustomStringConvertible {
        let what: String
        let index: Int
        let layer: Double
        let reference: Double
        var description: String { "\(what)[\(index)]: layer \(layer), reference \(reference)" }
    }

    static let relativeTolerance = 1e-4
    static let absoluteTolerance = 1e-5
    static let step = 1e-3

    static func agrees(_ value: Double, _ reference: Double) -> Bool {
        abs(value - reference) <= relativeTolerance * abs(reference) + absoluteTolerance
    }

    /// Checks `layer`'s forward pass against `reference` and its backward pass against central
    /// differences of `reference`, at every coordinate. `reference(x, p)` maps the whole batch
    /// (flat, NCHW) and the flat parameters to the flat output. Returns every mismatch.
    static func check<L: Layer>(
        _ layer: L, inputShape: [Int], batch: Int, seed: UInt64, input: [Float]? = nil,
        reference: ([Double], [Double]) -> [Double]
    ) throws -> [Mismatch] {
        var rng = SeededRandom(seed: seed)
        let shape = [batch] + inputShape
        let x = try Tensor(shape: shape, values: input ?? GradientCheck.randomValues(Tensor.count(of: shape), &rng))
        let p = GradientCheck.randomValues(layer.parameterCount, &rng, scale: 0.5)
        var forwardLayer = layer
        let y = p.withUnsafeBufferPointer { forwardLayer.forward(x, parameters: $0, training: false) }
        let r = GradientCheck.randomValues(y.count, &rng)
        var grads = [Float](repeating: .nan, count: p.count)
        let dx = p.withUnsafeBufferPointer { pp in
            grads.withUnsafeMutableBufferPointer { gp in
                forwardLayer.backward(Tensor(unchecked: y.shape, values: r), parameters: pp, gradients: gp)
            }
        }
        let xd = x.values.map(Double.init)
        let pd = p.map(Double.init)
        let rd = r.map(Double.init)
        var mismatches: [Mismatch] = []
        let yd = reference(xd, pd)
        guard yd.count == y.count, dx.count == x.count else {
            return [Mismatch(what: "output count", index: 0, layer: Double(y.count), reference: Double(yd.count))]
        }
        for i in 0..<y.count where !agrees(Double(y.values[i]), yd[i]) {
            mismatches.append(Mismatch(what: "forward", index: i, layer: Double(y.values[i]), reference: yd[i]))
        }
        func objective(_ xv: [Double], _ pv: [Double]) -> Double {
            zip(reference(xv, pv), rd).reduce(0) { $0 + $1.0 * $1.1 }
        }
        for i in 0..<xd.count {
            var plus = xd
            var minus = xd
            plus[i] += step
            minus[i] -= step
            let numeric = (objective(plus, pd) - objective(minus, pd)) / (2 * step)
            if !agrees(Double(dx.values[i]), numeric) {
                mismatches.append(Mismatch(what: "∂input", index: i, layer: Double(dx.values[i]), reference: numeric))
            }
        }
        for i in 0..<pd.count {
            var plus = pd
            var minus = pd
            plus[i] += step
            minus[i] -= step
            let numeric = (objective(xd, plus) - objective(xd, minus)) / (2 * step)
            if !agrees(Double(grads[i]), numeric) {
                mismatches.append(Mismatch(what: "∂parameter", index: i, layer: Double(grads[i]), reference: numeric))
            }
        }
        return mismatches
    }
}
