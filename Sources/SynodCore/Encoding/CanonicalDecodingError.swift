/// A failure to decode canonically encoded bytes.
///
/// Every error names the field being decoded and the byte offset at which decoding failed, so a
/// corrupt frame, row or file can be diagnosed without a debugger. Equality compares the kind, the
/// field and the offset (not the free-text reason).
public struct CanonicalDecodingError: SynodError {
    /// What went wrong.
    public enum Kind: String, Hashable, Sendable {
        /// The input ended before the field was complete.
        case truncated
        /// Bytes remain after the last field of the value.
        case trailingBytes
        /// A length prefix exceeds the configured limit or the remaining input.
        case lengthTooLarge
        /// An enum tag that this version does not know.
        case unknownTag
        /// A value that decodes but violates a constraint (non-canonical, out of range).
        case invalidValue
    }

    /// The kind of failure.
    public let kind: Kind
    /// The field that was being decoded, e.g. `"Block.header.height"`.
    public let field: String
    /// The byte offset in the input at which the failing field starts (for a length-prefixed field,
    /// the offset of its length prefix; for trailing bytes, the first unconsumed byte).
    public let offset: Int
    /// A human-readable explanation.
    public let reason: String

    /// Creates an error.
    public init(_ kind: Kind, field: String, offset: Int, reason: String) {
        self.kind = kind
        self.field = field
        self.offset = offset
        self.reason = reason
    }

    /// The kind, as the shared error shape names it.
    public var code: Kind { kind }

    /// The field and offset, which equality compares.
    public var context: SynodErrorContext { SynodErrorContext(field: field, offset: offset) }

    /// `canonical decoding failed (kind) at byte N, field 'F': reason`.
    public var description: String {
        "canonical decoding failed (\(kind.rawValue)) at byte \(offset), field '\(field)': \(reason)"
    }
}
