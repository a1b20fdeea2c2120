import SynodCore

/// A typed failure of the faithful reproduction: a data set or a configuration that cannot be run.
public struct ReproductionError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// A data set is empty, ragged or holds a non-finite value.
        case invalidData
        /// A configuration value is out of range.
        case invalidConfiguration
        /// A result cannot be encoded or written.
        case output
    }

    /// The category of the failure.
    public let code: Code
    /// Names what is wrong and where.
    public let reason: String
    /// The offending field.
    public let field: String

    /// Creates an error about `field`.
    public init(_ code: Code, field: String, _ reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// The field concerned.
    public var context: SynodErrorContext { SynodErrorContext(field: field) }

    /// `ReproductionError.code: reason`.
    public var description: String { "ReproductionError.\(code.rawValue): \(field): \(reason)" }
}
