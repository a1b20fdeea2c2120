import SynodCore

/// A malformed model operation or input: wrong shapes, wrong sizes, unknown names, bad values.
public struct ModelError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// An input's shape does not fit the layer or model.
        case shapeMismatch
        /// A flat vector has the wrong length.
        case sizeMismatch
        /// A name (model, tensor) is unknown.
        case unknownName
        /// An argument is out of range (labels, hyper-parameters).
        case invalidArgument
        /// A value is NaN or infinite.
        case nonFinite
    }

    /// The category of the failure.
    public let code: Code
    /// Names what is wrong and where.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `ModelError.code: reason`.
    public var description: String { "ModelError.\(code.rawValue): \(reason)" }
}
