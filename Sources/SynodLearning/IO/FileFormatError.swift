import SynodCore

/// A failure to read or write one of the file formats Synod exchanges with other tools: IDX,
/// gzip, `.npy` and safetensors.
///
/// Every error names the file (or `"<memory>"` for in-memory buffers), the byte offset where the
/// problem was found when that is meaningful, and a reason a person can act on. Equality compares
/// the code and the file only (not the free-text reason), so tests can match on the kind of
/// failure.
public struct FileFormatError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// The file does not exist.
        case fileNotFound
        /// The file exists but could not be opened or read (permissions, I/O error, a directory).
        case unreadable
        /// The file could not be created, written or renamed into place.
        case unwritable
        /// The data ended before a header, a field or the payload was complete.
        case truncated
        /// Bytes remain after the end of the payload.
        case trailingBytes
        /// The magic number or signature is not the one the format requires.
        case badMagic
        /// A header is malformed (syntax, missing key, unknown key, bad value).
        case badHeader
        /// The element type is not supported (e.g. big-endian, object, unknown dtype).
        case unsupportedType
        /// The layout is not supported (e.g. Fortran order).
        case unsupportedLayout
        /// Shapes, element counts, offsets or sizes contradict each other.
        case inconsistent
        /// A size exceeds a safety limit (header size, decompressed size, element count).
        case limitExceeded
        /// A compressed stream is corrupt (bad deflate data, bad CRC or length, bad gzip header).
        case corruptCompressedData
        /// A value given to a writer is invalid (empty name, shape/value count mismatch, …).
        case invalidArgument
    }

    /// The failure's code.
    public let code: Code
    /// The file concerned, or `"<memory>"` when decoding a buffer.
    public let file: String
    /// The byte offset where the problem was found, if meaningful.
    public let offset: Int?
    /// A human-readable explanation.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, file: String = FileFormatError.memory, offset: Int? = nil, _ reason: String) {
        self.code = code
        self.file = file
        self.offset = offset
        self.reason = reason
    }

    /// The placeholder file name used when decoding an in-memory buffer.
    public static let memory = "<memory>"

    /// The same error attributed to `file` (used when a buffer decoder's error is rethrown by a
    /// file reader).
    public func inFile(_ file: String) -> FileFormatError {
        FileFormatError(code, file: file, offset: offset, reason)
    }

    /// The file, which equality compares (the offset does not take part).
    public var context: SynodErrorContext { SynodErrorContext(file: file) }

    /// `file: code at byte N: reason`.
    public var description: String {
        let at = offset.map { " at byte \($0)" } ?? ""
        return "\(file): \(code.rawValue)\(at): \(reason)"
    }
}
