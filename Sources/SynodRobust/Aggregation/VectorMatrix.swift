/// A validated batch of n vectors of dimension d, stored row-major in one contiguous `[Float]`.
///
/// Every `VectorMatrix` has n ≥ 1, d ≥ 1, every row of length d and every entry finite: the
/// initialisers reject anything else with a typed ``AggregationError`` naming the vector and the
/// coordinate. Aggregation rules take a `VectorMatrix`, so they never see NaN, ±∞ or ragged input.
public struct VectorMatrix: Sendable, Hashable {
    /// The number of vectors n.
    public let count: Int
    /// The dimension d of every vector.
    public let dimension: Int
    /// Row-major storage, `count × dimension` entries; row i is `storage[i*d ..< (i+1)*d]`.
    public let storage: [Float]

    /// Validates and packs `vectors`. `dimension` defaults to the first vector's length.
    public init(_ vectors: [[Float]], dimension: Int? = nil) throws(AggregationError) {
        guard let first = vectors.first else { throw AggregationError(.noVectors, "no vectors to aggregate") }
        let d = dimension ?? first.count
        guard d > 0 else { throw AggregationError(.emptyDimension, "vectors have dimension 0") }
        var flat = [Float]()
        flat.reserveCapacity(vectors.count * d)
        for (index, vector) in vectors.enumerated() {
            try InputHygiene.validate(vector, index: index, dimension: d)
            flat.append(contentsOf: vector)
        }
        self.count = vectors.count
        self.dimension = d
        self.storage = flat
    }

    /// Validates flat row-major storage of `count × dimension` entries.
    public init(count: Int, dimension: Int, storage: [Float]) throws(AggregationError) {
        guard count > 0 else { throw AggregationError(.noVectors, "no vectors to aggregate") }
        guard dimension > 0 else { throw AggregationError(.emptyDimension, "vectors have dimension 0") }
        guard storage.count == count * dimension else {
            throw AggregationError(
                .dimensionMismatch,
                "storage holds \(storage.count) values, expected \(count) × \(dimension) = \(count * dimension)")
        }
        if let bad = storage.firstIndex(where: { !$0.isFinite }) {
            throw AggregationError(
                .nonFiniteValue, "vector \(bad / dimension) has \(storage[bad]) at coordinate \(bad % dimension)",
                vectorIndex: bad / dimension, coordinate: bad % dimension)
        }
        self.count = count
        self.dimension = dimension
        self.storage = storage
    }

    /// Packs already-validated storage (internal: callers guarantee finiteness and shape).
    init(trusted storage: [Float], count: Int, dimension: Int) {
        self.count = count
        self.dimension = dimension
        self.storage = storage
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Float] {
        Array(storage[(i * dimension)..<((i + 1) * dimension)])
    }

    /// All rows as arrays.
    public var rows: [[Float]] { (0..<count).map(row) }

    /// A matrix of the given rows, in the given order.
    public func selecting(_ indices: [Int]) -> VectorMatrix {
        var flat = [Float]()
        flat.reserveCapacity(indices.count * dimension)
        for i in indices { flat.append(contentsOf: storage[(i * dimension)..<((i + 1) * dimension)]) }
        return VectorMatrix(trusted: flat, count: indices.count, dimension: dimension)
    }

    /// The canonical order of the rows: lexicographic by value (−0 before +0), equal rows by index.
    ///
    /// Every rule that sums over vectors does so in this order, so its output is bitwise identical
    /// under any permutation of the input (the order of floating-point additions is fixed by the
    /// values, not by arrival order).
    public func canonicalOrder() -> [Int] {
        storage.withUnsafeBufferPointer { base in
            (0..<count).sorted { a, b in
                let ra = a * dimension
                let rb = b * dimension
                for k in 0..<dimension {
                    let x = VectorMatrix.orderKey(base[ra + k])
                    let y = VectorMatrix.orderKey(base[rb + k])
                    if x != y { return x < y }
                }
                return a < b
            }
        }
    }

    /// A key whose unsigned order is the total order of finite floats with −0 < +0.
    @inline(__always)
    static func orderKey(_ x: Float) -> UInt32 {
        let bits = x.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }
}
