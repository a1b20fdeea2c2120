import SynodCore

/// An argument or result of a contract function: a WebAssembly integer.
///
/// Only the integer value types cross the contract boundary; floating-point values are refused
/// at deployment (``ContractCodeValidator``). Encoded as a tag (1 = `i32`, 2 = `i64`) and the
/// value's little-endian bytes.
public enum ContractValue: Hashable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// A 32-bit integer.
    case i32(Int32)
    /// A 64-bit integer.
    case i64(Int64)

    /// The value's type name, `"i32"` or `"i64"`.
    public var typeName: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        }
    }

    /// The value widened to 64 bits.
    public var int64: Int64 {
        switch self {
        case .i32(let value): Int64(value)
        case .i64(let value): value
        }
    }

    public var description: String {
        switch self {
        case .i32(let value): "\(value):i32"
        case .i64(let value): "\(value)"
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        switch self {
        case .i32(let value):
            encoder.encode(UInt8(1))
            encoder.encode(value)
        case .i64(let value):
            encoder.encode(UInt8(2))
            encoder.encode(value)
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        switch try decoder.decodeTag(field + ".tag", known: 1...2) {
        case 1: self = .i32(try decoder.decodeInt32(field + ".i32"))
        default: self = .i64(try decoder.decodeInt64(field + ".i64"))
        }
    }
}
