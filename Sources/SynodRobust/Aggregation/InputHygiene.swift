/// Input hygiene for peer vectors: a vector with NaN/±∞ or the wrong
/// dimension is rejected with a typed error naming the vector and coordinate, and counted, before
/// any aggregation rule sees it.
public struct InputHygiene: Sendable {
    /// The dimension every vector must have.
    public let dimension: Int
    /// What has been checked so far.
    public private(set) var counters = HygieneCounters()

    /// Creates a checker for vectors of dimension `dimension`.
    public init(dimension: Int) {
        self.dimension = dimension
    }

    /// Checks one peer vector, counting the outcome; throws if it is rejected.
    public mutating func check(_ vector: [Float], index: Int) throws(AggregationError) {
        counters.checked += 1
        do {
            try InputHygiene.validate(vector, index: index, dimension: dimension)
            counters.accepted += 1
        } catch {
            if error.code == .dimensionMismatch { counters.wrongDimension += 1 } else { counters.nonFinite += 1 }
            throw error
        }
    }

    /// Checks every vector; returns the accepted ones as a matrix (nil if none), their indices in
    /// `vectors`, and one error per rejected vector.
    public mutating func admit(_ vectors: [[Float]]) -> (
        matrix: VectorMatrix?, accepted: [Int], rejections: [AggregationError]
    ) {
        var accepted = [Int]()
        var rejections = [AggregationError]()
        var flat = [Float]()
        for (index, vector) in vectors.enumerated() {
            do {
                try check(vector, index: index)
                accepted.append(index)
                flat.append(contentsOf: vector)
            } catch {
                rejections.append(error)
            }
        }
        let matrix =
            accepted.isEmpty || dimension == 0
            ? nil : VectorMatrix(trusted: flat, count: accepted.count, dimension: dimension)
        return (matrix, accepted, rejections)
    }

    /// Throws if `vector` does not have length `dimension` or holds a non-finite value.
    public static func validate(_ vector: [Float], index: Int, dimension: Int) throws(AggregationError) {
        guard vector.count == dimension else {
            throw AggregationError(
                .dimensionMismatch, "vector \(index) has dimension \(vector.count), expected \(dimension)",
                vectorIndex: index)
        }
        if let bad = vector.firstIndex(where: { !$0.isFinite }) {
            throw AggregationError(
                .nonFiniteValue, "vector \(index) has \(vector[bad]) at coordinate \(bad)", vectorIndex: index,
                coordinate: bad)
        }
    }
}
