/// A one-dimensional regression data set: inputs `x` and targets `y` of equal length.
public struct RegressionData: Sendable, Hashable, Codable {
    /// The inputs.
    public let x: [Double]
    /// The targets.
    public let y: [Double]

    /// Checks that `x` and `y` are non-empty, of equal length and finite; `name` labels errors.
    public init(x: [Double], y: [Double], name: String = "data") throws(ReproductionError) {
        guard !x.isEmpty else { throw ReproductionError(.invalidData, field: "\(name).x", "is empty") }
        guard x.count == y.count else {
            throw ReproductionError(.invalidData, field: "\(name).y", "has \(y.count) values for \(x.count) inputs")
        }
        if let i = x.firstIndex(where: { !$0.isFinite }) {
            throw ReproductionError(.invalidData, field: "\(name).x[\(i)]", "is not finite")
        }
        if let i = y.firstIndex(where: { !$0.isFinite }) {
            throw ReproductionError(.invalidData, field: "\(name).y[\(i)]", "is not finite")
        }
        self.x = x
        self.y = y
    }

    /// Decodes `x` and `y` and checks them as ``init(x:y:name:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            x: container.decode([Double].self, forKey: .x), y: container.decode([Double].self, forKey: .y),
            name: decoder.codingPath.map(\.stringValue).joined(separator: "."))
    }

    /// The number of points.
    public var count: Int { x.count }

    /// The reference notebook's training set, shared by every problem (§IV.D).
    public static let notebookTrain = try! RegressionData(
        x: [0, 2, 5, 1, 7, 9, 2, 3, 1, 0.5], y: [7, 8, 4, 9, 2, 0, 4, 6, 9, 6], name: "notebookTrain")

    /// The reference notebook's test set, shared by every problem (§IV.D).
    public static let notebookTest = try! RegressionData(
        x: [0.5, 2.1, 4.2, 0.6, 7.1, 9.2, 1, 3, 1], y: [6, 8, 3, 10, 2.2, 0.1, 3.2, 6.1, 8.8], name: "notebookTest")
}
