import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

/// Gradient checks against a Double reference of a layer's forward pass (or of a loss), over every
/// coordinate of the input and of the parameters.
///
/// The scalar is `L = Σᵢ rᵢ·yᵢ` with `y` from the reference forward pass in Double (for a loss, `L`
/// is the loss). Its partial derivatives are formed numerically, in Double, with step `h = 1e-3`:
///
/// - ``Differencing/central``: `D(h) = (L(x + h) − L(x − h)) / 2h`. For references that are affine
///   in each single coordinate, or piecewise affine with inputs kept away from the kinks, `D(h)` has
///   no truncation error; its rounding error is about `2⁻⁵³·Σ|rᵢ·yᵢ| / h ≲ 1e-11`.
/// - ``Differencing/richardson``: `R(h) = (4·D(h/2) − D(h)) / 3`, for smooth nonlinear references
///   (normalisation, softmax). The Taylor series `D(h) = L′ + L‴h²/6 + L⁽⁵⁾h⁴/120 + …` gives
///   `R(h) − L′ = −L⁽⁵⁾h⁴/480 + O(h⁶)`, and rounding adds at most `3·2⁻⁵³·Σ|rᵢ·yᵢ| / h`.
///
/// Either way the numeric value is also formed at half the step, and the two must agree to 1/100
/// of the tolerance below, otherwise the check reports the coordinate as unconverged. For central
/// differences this fails when a kink lies within `h` of the point; for Richardson,
/// `R(h) − R(h/2) = (15/16)·(R(h) − L′)` to leading order, so the error of the value used, `R(h/2)`,
/// is measured to be below `(1/15)·(1/100)` of the tolerance: the numeric gradient is exact far below
/// Float precision in both modes, and the tolerance is the same for both.
///
/// The layer's analytic gradient is computed in Float: each coordinate is a sum of at most a few
/// hundred products of terms of order 1, so its rounding error is below `n·2⁻²⁴ ≈ 1e-5` for
/// `n ≤ 160`. Tolerance per coordinate: `|g − ĝ| ≤ 1e-4·|ĝ| + 1e-5`. A gradient scaled by 1.005,
/// or one coordinate off by more than the tolerance, fails.
enum ExactGradientCheck {
    /// One coordinate whose analytic gradient (or forward value) disagrees with the reference.
    struct Mismatch: CustomStringConvertible {
        let what: String
        let index: Int
        let layer: Double
        let reference: Double
        var description: String { "\(what)[\(index)]: layer \(layer), reference \(reference)" }
    }

    /// How the numeric partial derivatives of the Double reference are formed.
    enum Differencing {
        /// Central differences, exact for references that are (piecewise) affine in each coordinate.
        case central
        /// Richardson-extrapolated central differences, truncation error `O(h⁴)`, for smooth references.
        case richardson
    }

    static let relativeTolerance = 1e-4
    static let absoluteTolerance = 1e-5
    static let step = 1e-3

    static func agrees(_ value: Double, _ reference: Double) -> Bool {
        abs(value - reference) <= relativeTolerance * abs(reference) + absoluteTolerance
    }

    /// The numeric derivative at 0 of `f(t)` (the objective moved by `t` along one coordinate), at
    /// step `h` and at `h/2`.
    static func derivative(_ f: (Double) -> Double, _ differencing: Differencing) -> (value: Double, halfStep: Double) {
        func central(_ h: Double) -> Double { (f(h) - f(-h)) / (2 * h) }
        switch differencing {
        case .central:
            return (central(step), central(step / 2))
        case .richardson:
            let (d1, d2, d4) = (central(step), central(step / 2), central(step / 4))
            return ((4 * d4 - d2) / 3, (4 * d2 - d1) / 3)
        }
    }

    /// Compares `analytic` with the numeric gradient of `objective` at `point`, coordinate by
    /// coordinate; `what` names the coordinates in the returned mismatches.
    static func gradientMismatches(
        _ what: String, analytic: [Float], at point: [Double], differencing: Differencing,
        objective: ([Double]) -> Double
    ) -> [Mismatch] {
        guard analytic.count == point.count else {
            return [
                Mismatch(what: "\(what) count", index: 0, layer: Double(analytic.count), reference: Double(point.count))
            ]
        }
        var mismatches: [Mismatch] = []
        for i in point.indices {
            let (numeric, coarse) = derivative(
                { t in
                    var moved = point
                    moved[i] += t
                    return objective(moved)
                }, differencing)
            let tolerance = relativeTolerance * abs(numeric) + absoluteTolerance
            if abs(numeric - coarse) > tolerance / 100 {
                mismatches.append(Mismatch(what: "unconverged \(what)", index: i, layer: coarse, reference: numeric))
            }
            if !agrees(Double(analytic[i]), numeric) {
                mismatches.append(Mismatch(what: what, index: i, layer: Double(analytic[i]), reference: numeric))
            }
        }
        return mismatches
    }

    /// Checks `layer`'s forward pass against `reference` and its backward pass against numeric
    /// derivatives of `reference`, at every coordinate; also checks the output and input-gradient
    /// shapes. `reference(x, p)` maps the whole batch (flat, NCHW) and the flat parameters to the
    /// flat output. Returns every mismatch.
    static func check<L: Layer>(
        _ layer: L, inputShape: [Int], batch: Int, seed: UInt64, input: [Float]? = nil, training: Bool = false,
        differencing: Differencing = .central, reference: ([Double], [Double]) -> [Double]
    ) throws -> [Mismatch] {
        var rng = SeededRandom(seed: seed)
        let shape = [batch] + inputShape
        let x = try Tensor(shape: shape, values: input ?? TestValues.uniform(Tensor.count(of: shape), &rng))
        let p = TestValues.uniform(layer.parameterCount, &rng, scale: 0.5)
        var forwardLayer = layer
        let y = p.withUnsafeBufferPointer { forwardLayer.forward(x, parameters: $0, training: training) }
        let r = TestValues.uniform(y.count, &rng)
        var grads = [Float](repeating: .nan, count: p.count)
        let dx = p.withUnsafeBufferPointer { pp in
            grads.withUnsafeMutableBufferPointer { gp in
                forwardLayer.backward(Tensor(unchecked: y.shape, values: r), parameters: pp, gradients: gp)
            }
        }
        let xd = x.values.map(Double.init)
        let pd = p.map(Double.init)
        let rd = r.map(Double.init)
        let yd = reference(xd, pd)
        let expectedShape = try [batch] + layer.outputShape(for: inputShape)
        guard y.shape == expectedShape, dx.shape == x.shape, yd.count == y.count else {
            return [
                Mismatch(
                    what: "shape \(y.shape), ∂input \(dx.shape)", index: 0, layer: Double(y.count),
                    reference: Double(yd.count))
            ]
        }
        var mismatches: [Mismatch] = []
        for i in 0..<y.count where !agrees(Double(y.values[i]), yd[i]) {
            mismatches.append(Mismatch(what: "forward", index: i, layer: Double(y.values[i]), reference: yd[i]))
        }
        func objective(_ xv: [Double], _ pv: [Double]) -> Double {
            let yv = reference(xv, pv)
            var sum = 0.0
            for i in yv.indices { sum += rd[i] * yv[i] }
            return sum
        }
        mismatches += gradientMismatches("∂input", analytic: dx.values, at: xd, differencing: differencing) {
            objective($0, pd)
        }
        mismatches += gradientMismatches("∂parameter", analytic: grads, at: pd, differencing: differencing) {
            objective(xd, $0)
        }
        return mismatches
    }
}
