import SynodCore

/// The notebook's model ŷ = w0 + w1·x (the {f, W} of §IV.C with W = (w0, w1)).
public struct LinearModel: Sendable, Hashable, Codable, CanonicalEncodable {
    /// The intercept.
    public var w0: Double
    /// The slope.
    public var w1: Double

    /// Creates a model.
    public init(w0: Double, w1: Double) {
        self.w0 = w0
        self.w1 = w1
    }

    /// ŷ = w0 + w1·x.
    @inline(__always)
    public func predict(_ x: Double) -> Double { w0 + w1 * x }

    /// The predictions Ŷ = f(X | W) on `inputs`, in order (step 2b).
    public func predictions(_ inputs: [Double]) -> [Double] { inputs.map(predict) }

    /// The sum of squared errors Σ (y − ŷ)² on `data`, summed left to right (the notebook's loss).
    public func sumOfSquaredErrors(on data: RegressionData) -> Double {
        Self.sumOfSquaredErrors(predictions(data.x), targets: data.y)
    }

    /// Σ (y − ŷ)² summed left to right, or `.infinity` when the counts differ (a malformed Ŷ never wins).
    public static func sumOfSquaredErrors(_ predictions: [Double], targets: [Double]) -> Double {
        guard predictions.count == targets.count else { return .infinity }
        var sum = 0.0
        for i in targets.indices {
            let r = targets[i] - predictions[i]
            sum += r * r
        }
        return sum.isNaN ? .infinity : sum
    }

    /// The IEEE-754 bit patterns of w0 then w1, each little-endian.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(w0)
        encoder.encode(w1)
    }
}
