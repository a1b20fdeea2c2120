import SynodCore

/// A typed error from input hygiene, a gradient aggregation rule (GAR) or the rule registry.
///
/// Equality compares the ``code`` and the location (``vectorIndex``, ``coordinate``), not the wording
/// of ``reason``.
public struct AggregationError: SynodError {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// No vectors were given.
        case noVectors
        /// Vectors of dimension 0 were given.
        case emptyDimension
        /// A vector's length differs from the expected dimension.
        case dimensionMismatch
        /// A vector holds NaN or ±∞.
        case nonFiniteValue
        /// The rule's (n, f) precondition does not hold.
        case preconditionViolated
        /// A rule option is missing, malformed or out of range.
        case invalidOption
        /// The exact computation would exceed the configured work limit (e.g. MDA's subset search).
        case tooExpensive
        /// The registry has no rule of that name.
        case unknownRule
    }

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation naming what and where.
    public let reason: String
    /// The offending vector's index in the input, when the error concerns one vector.
    public let vectorIndex: Int?
    /// The offending coordinate within that vector, when known.
    public let coordinate: Int?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, vectorIndex: Int? = nil, coordinate: Int? = nil) {
        self.code = code
        self.reason = reason
        self.vectorIndex = vectorIndex
        self.coordinate = coordinate
    }

    /// The vector index and coordinate, which equality compares.
    public var context: SynodErrorContext { SynodErrorContext(index: vectorIndex, coordinate: coordinate) }

    static func precondition(_ rule: String, _ requirement: String, n: Int, f: Int) -> AggregationError {
        AggregationError(.preconditionViolated, "\(rule) requires \(requirement); got n = \(n), f = \(f)")
    }
}
