import SynodCore

/// A miner's model {f, W}: the task's architecture and its flat parameter vector.
///
/// Layouts: the regression is `[w0, w1]` (ŷ = w0 + w1·x); the classifiers are SynodLearning's
/// flat layout, per dense layer `weight [out, in]` row-major then `bias [out]`.
///
/// Canonical encoding: the architecture identifier (length-prefixed UTF-8), the parameter count
/// (`UInt32`), then every parameter's IEEE-754 binary32 bit pattern little-endian.
public struct PoUWModel: Hashable, Sendable, CanonicalCodable {
    /// The task, which fixes the architecture.
    public let task: PoUWTaskKind
    /// The flat parameters (`task.parameterCount` of them).
    public let parameters: [Float]

    /// A model; throws ``PoUWError/Code/malformed`` if the parameter count does not fit the task.
    public init(task: PoUWTaskKind, parameters: [Float]) throws(PoUWError) {
        guard parameters.count == task.parameterCount else {
            throw PoUWError(
                .malformed, field: "model.parameters",
                "\(task) has \(task.parameterCount) parameters, got \(parameters.count)")
        }
        self.task = task
        self.parameters = parameters
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(task.architectureID)
        encoder.encode(floats: parameters)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let id = try decoder.decodeString(field + ".architecture", maxCount: 64)
        guard let task = PoUWTaskKind(architectureID: id) else {
            throw decoder.error(.invalidValue, field + ".architecture", "unknown architecture '\(id)'", at: start)
        }
        let countOffset = decoder.offset
        let parameters = try decoder.decodeFloats(field + ".parameters", maxCount: task.parameterCount)
        guard parameters.count == task.parameterCount else {
            throw decoder.error(
                .invalidValue, field + ".parameters",
                "\(task) has \(task.parameterCount) parameters, got \(parameters.count)", at: countOffset)
        }
        self.task = task
        self.parameters = parameters
    }
}
