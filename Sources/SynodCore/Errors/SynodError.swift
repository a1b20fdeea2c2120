/// The shape every typed Synod error shares: a machine-readable ``code``, a ``reason`` for people,
/// and an optional ``context`` naming where the failure happened (height, field, file, …).
///
/// A conforming type declares its `Code` enum (raw values are the names printed and matched on),
/// stores `code` and `reason`, and returns its location fields as ``context`` when it has any. It
/// gets from this protocol:
/// - ``description``: `code: reason` (a type whose printed form differs implements its own);
/// - equality and hashing on ``code`` and ``context`` only. The reason is free text for people, so
///   two errors of the same kind at the same place compare equal whatever their wording; tests
///   match on what failed and where.
public protocol SynodError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The kinds of failure; the raw value is the name shown in messages and JSON.
    associatedtype Code: RawRepresentable, Hashable, Sendable where Code.RawValue == String

    /// What kind of failure this is.
    var code: Code { get }
    /// What went wrong, naming the values involved.
    var reason: String { get }
    /// Where the failure happened; compared by `==`. Empty by default.
    var context: SynodErrorContext { get }
}

extension SynodError {
    /// No location: errors compare by code alone.
    public var context: SynodErrorContext { SynodErrorContext() }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }

    /// Compares ``code`` and ``context``, not the reason.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.context == rhs.context }

    /// Hashes ``code`` and ``context``, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(context)
    }
}

/// Where a ``SynodError`` happened: the location fields its type records. A field a type does not
/// use stays `nil`. Two errors with the same code and context are the same failure.
public struct SynodErrorContext: Hashable, Sendable {
    /// The block height concerned.
    public var height: UInt64?
    /// The field concerned, e.g. `"header.stateRoot"` or `"Block.header.height"`.
    public var field: String?
    /// The file concerned.
    public var file: String?
    /// A byte offset in the input.
    public var offset: Int?
    /// The position of the offending element in an input list (e.g. a vector among several).
    public var index: Int?
    /// A coordinate within the offending element.
    public var coordinate: Int?

    /// Creates a context; every field is optional.
    public init(
        height: UInt64? = nil, field: String? = nil, file: String? = nil, offset: Int? = nil, index: Int? = nil,
        coordinate: Int? = nil
    ) {
        self.height = height
        self.field = field
        self.file = file
        self.offset = offset
        self.index = index
        self.coordinate = coordinate
    }
}
