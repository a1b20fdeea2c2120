/// Writes Synod's canonical binary encoding: exactly one byte string per value, so hashes and
/// signatures are well defined.
///
/// - Integers: fixed width, little-endian (two's complement for signed types). There is no
///   variable-width `Int`: callers pick a width.
/// - `Bool`: one byte, `0` or `1`.
/// - Floats: their IEEE-754 bit pattern as a little-endian integer (so `-0.0` and NaN payloads are
///   preserved exactly and two honest nodes always hash the same bytes).
/// - Byte strings, strings (UTF-8) and arrays: a `UInt32` little-endian length (element count for
///   arrays), then the contents. Strings are encoded as their exact UTF-8 bytes with no Unicode
///   normalization, so two `String`s that compare equal (canonically equivalent) but are spelled
///   with different scalars encode differently: compare encoded bytes, not `String`s, when it matters.
/// - Fixed-size fields (digests, keys, signatures): the raw bytes, no prefix.
/// - Optionals: a presence `Bool`, then the value if present.
/// - Structs: their fields in declaration order, with nothing in between.
/// - Enums: a `UInt8` tag, then the payload of that case.
///
/// Lengths above `UInt32.max` cannot be encoded (a programming error, trapped); decoders further
/// enforce ``CanonicalLimits``.
///
/// There is exactly one encoding of every value, which is what makes hashes and signatures over
/// encoded values meaningful.
public struct CanonicalEncoder: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty encoder, optionally reserving capacity.
    public init(reservingCapacity capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends a fixed-width integer, little-endian.
    @inline(__always)
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a `UInt64` big-endian (for fixed-size byte fields stored as words, e.g. ``Digest``).
    @inline(__always)
    mutating func appendBigEndian(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Encodes a `UInt8`.
    public mutating func encode(_ value: UInt8) { bytes.append(value) }
    /// Encodes a `UInt16`, little-endian.
    public mutating func encode(_ value: UInt16) { appendLittleEndian(value) }
    /// Encodes a `UInt32`, little-endian.
    public mutating func encode(_ value: UInt32) { appendLittleEndian(value) }
    /// Encodes a `UInt64`, little-endian.
    public mutating func encode(_ value: UInt64) { appendLittleEndian(value) }
    /// Encodes an `Int8` as one two's-complement byte.
    public mutating func encode(_ value: Int8) { appendLittleEndian(value) }
    /// Encodes an `Int16`, little-endian two's complement.
    public mutating func encode(_ value: Int16) { appendLittleEndian(value) }
    /// Encodes an `Int32`, little-endian two's complement.
    public mutating func encode(_ value: Int32) { appendLittleEndian(value) }
    /// Encodes an `Int64`, little-endian two's complement.
    public mutating func encode(_ value: Int64) { appendLittleEndian(value) }
    /// Encodes a `Bool` as one byte.
    public mutating func encode(_ value: Bool) { bytes.append(value ? 1 : 0) }
    /// Encodes a `Float` by its IEEE-754 bit pattern.
    public mutating func encode(_ value: Float) { appendLittleEndian(value.bitPattern) }
    /// Encodes a `Double` by its IEEE-754 bit pattern.
    public mutating func encode(_ value: Double) { appendLittleEndian(value.bitPattern) }

    /// Encodes a length-prefixed byte string.
    public mutating func encode<Bytes: Collection<UInt8>>(bytes value: Bytes) {
        encodeLength(value.count)
        bytes.append(contentsOf: value)
    }

    /// Encodes bytes with no length prefix (for fixed-size fields such as keys and digests).
    public mutating func encode<Bytes: Collection<UInt8>>(fixedBytes value: Bytes) {
        bytes.append(contentsOf: value)
    }

    /// Encodes a length-prefixed UTF-8 string.
    public mutating func encode(_ value: String) { encode(bytes: Array(value.utf8)) }

    /// Encodes a nested value.
    public mutating func encode<T: CanonicalEncodable>(_ value: T) { value.encode(to: &self) }

    /// Encodes a count-prefixed array of nested values.
    public mutating func encode<T: CanonicalEncodable>(_ values: [T]) {
        encodeLength(values.count)
        for value in values { value.encode(to: &self) }
    }

    /// Encodes a count-prefixed array whose elements are written by `element` (for element types
    /// that are not ``CanonicalEncodable`` themselves, e.g. `[UInt64]`; decode with
    /// ``CanonicalDecoder/decodeArray(_:maxCount:minimumElementSize:element:)``).
    public mutating func encode<T>(_ values: [T], element: (inout CanonicalEncoder, T) -> Void) {
        encodeLength(values.count)
        for value in values { element(&self, value) }
    }

    /// Encodes a `UInt32` length or count prefix.
    public mutating func encodeLength(_ count: Int) {
        precondition(count >= 0 && count <= Int(UInt32.max), "length \(count) cannot be canonically encoded")
        encode(UInt32(count))
    }

    /// Encodes a count-prefixed array of `Float`s by bit pattern (a flat parameter vector).
    public mutating func encode(floats values: [Float]) {
        encodeLength(values.count)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: values.count * 4))
        bytes.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(
                    of: value.bitPattern.littleEndian, toByteOffset: start + index * 4, as: UInt32.self)
            }
        }
    }

    /// Encodes an optional as a presence byte followed by the value.
    public mutating func encode<T: CanonicalEncodable>(optional value: T?) {
        if let value {
            encode(true)
            value.encode(to: &self)
        } else {
            encode(false)
        }
    }
}
