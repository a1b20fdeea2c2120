/// An optimizer that updates a flat parameter vector from a flat gradient of the same layout.
public protocol Optimizer: Sendable {
    /// One update step; throws when the sizes differ.
    mutating func step(parameters: inout [Float], gradients: [Float]) throws(ModelError)
    /// The learning rate (schedulers may change it between steps).
    var learningRate: Float { get set }
}

func checkSizes(_ parameters: [Float], _ gradients: [Float], _ who: String) throws(ModelError) {
    guard parameters.count == gradients.count else {
        throw ModelError(.sizeMismatch, "\(who): \(parameters.count) parameters but \(gradients.count) gradients")
    }
}
