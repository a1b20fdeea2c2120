import SynodCore

/// What a PoUW problem asks miners to learn, and the architecture every model for it has.
///
/// The Fashion-MNIST kinds name the architectures of SynodLearning's model registry (`logistic`,
/// `mlp`: 784 inputs, 10 classes); the training data is referenced by content digest.
public enum PoUWTaskKind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// §IV.D's 2-parameter model ŷ = w0 + w1·x, scored by the sum of squared errors.
    case linearRegression = 1
    /// Multinomial logistic regression 784→10 on Fashion-MNIST (registry model `logistic`).
    case fashionMNISTLogistic = 2
    /// MLP 784→256→128→10 with ReLU on Fashion-MNIST (registry model `mlp`).
    case fashionMNISTMLP = 3

    /// The architecture identifier hashed into every model commitment (the registry name for the
    /// Fashion-MNIST kinds).
    public var architectureID: String {
        switch self {
        case .linearRegression: "linear-regression"
        case .fashionMNISTLogistic: "logistic"
        case .fashionMNISTMLP: "mlp"
        }
    }

    /// The task for an architecture identifier.
    public init?(architectureID: String) {
        guard let kind = Self.allCases.first(where: { $0.architectureID == architectureID }) else { return nil }
        self = kind
    }

    /// The widths of the dense layers' inputs and outputs, e.g. `[784, 256, 128, 10]`
    /// (`[1, 1]` for the regression).
    public var layerWidths: [Int] {
        switch self {
        case .linearRegression: [1, 1]
        case .fashionMNISTLogistic: [784, 10]
        case .fashionMNISTMLP: [784, 256, 128, 10]
        }
    }

    /// Features per test sample.
    public var inputWidth: Int { layerWidths[0] }
    /// Values per prediction: 1 for the regression, 10 logits for the classifiers.
    public var outputWidth: Int { layerWidths[layerWidths.count - 1] }
    /// True for the classifiers (scored by error count), false for the regression (scored by SSE).
    public var isClassification: Bool { self != .linearRegression }

    /// The parameter count: Σ over dense layers of out·in + out (2 for the regression).
    public var parameterCount: Int {
        zip(layerWidths, layerWidths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    }

    public var description: String { architectureID }
}
