/// Reads Synod's canonical binary encoding strictly (see ``CanonicalEncoder``).
///
/// Every read names the field it decodes; failures throw ``CanonicalDecodingError`` with that
/// field and the byte offset. Lengths are checked against ``CanonicalLimits`` and against the
/// remaining input *before* anything is allocated. ``finish()`` rejects trailing bytes.
public struct CanonicalDecoder: Sendable {
    /// The input.
    public let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset: Int
    /// The limits in force.
    public let limits: CanonicalLimits

    /// Creates a decoder over `bytes`.
    public init(bytes: [UInt8], limits: CanonicalLimits = .standard) {
        self.bytes = bytes
        self.offset = 0
        self.limits = limits
    }

    /// The number of unread bytes.
    public var remaining: Int { bytes.count - offset }

    /// Throws unless every byte has been consumed.
    public func finish(_ field: String = "value") throws(CanonicalDecodingError) {
        if offset != bytes.count {
            throw CanonicalDecodingError(
                .trailingBytes, field: field, offset: offset,
                reason: "\(bytes.count - offset) byte(s) left after the end of the value")
        }
    }

    /// Builds an error at the current offset (for callers validating decoded values).
    public func error(
        _ kind: CanonicalDecodingError.Kind, _ field: String, _ reason: String, at position: Int? = nil
    ) -> CanonicalDecodingError {
        CanonicalDecodingError(kind, field: field, offset: position ?? offset, reason: reason)
    }

    @inline(__always)
    mutating func take(_ count: Int, _ field: String) throws(CanonicalDecodingError) -> Range<Int> {
        guard count <= remaining else {
            throw CanonicalDecodingError(
                .truncated, field: field, offset: offset,
                reason: "needs \(count) byte(s), only \(remaining) left")
        }
        let range = offset..<(offset + count)
        offset += count
        return range
    }

    @inline(__always)
    mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type, _ field: String) throws(CanonicalDecodingError) -> T
    {
        let range = try take(MemoryLayout<T>.size, field)
        var value = T.zero
        for index in range.reversed() { value = (value << 8) | T(bytes[index]) }
        return value
    }

    /// Decodes a `UInt8`.
    public mutating func decodeUInt8(_ field: String) throws(CanonicalDecodingError) -> UInt8 {
        try readLittleEndian(UInt8.self, field)
    }
    /// Decodes a little-endian `UInt16`.
    public mutating func decodeUInt16(_ field: String) throws(CanonicalDecodingError) -> UInt16 {
        try readLittleEndian(UInt16.self, field)
    }
    /// Decodes a little-endian `UInt32`.
    public mutating func decodeUInt32(_ field: String) throws(CanonicalDecodingError) -> UInt32 {
        try readLittleEndian(UInt32.self, field)
    }
    /// Decodes a little-endian `UInt64`.
    public mutating func decodeUInt64(_ field: String) throws(CanonicalDecodingError) -> UInt64 {
        try readLittleEndian(UInt64.self, field)
    }
    /// Decodes a little-endian `Int64`.
    public mutating func decodeInt64(_ field: String) throws(CanonicalDecodingError) -> Int64 {
        Int64(bitPattern: try readLittleEndian(UInt64.self, field))
    }
    /// Decodes a `Bool`; any byte other than 0 or 1 is rejected as non-canonical.
    public mutating func decodeBool(_ field: String) throws(CanonicalDecodingError) -> Bool {
        let start = offset
        switch try decodeUInt8(field) {
        case 0: return false
        case 1: return true
        case let other:
            throw CanonicalDecodingError(
                .invalidValue, field: field, offset: start, reason: "boolean byte must be 0 or 1, got \(other)")
        }
    }
    /// Decodes a `Float` from its bit pattern.
    public mutating func decodeFloat(_ field: String) throws(CanonicalDecodingError) -> Float {
        Float(bitPattern: try decodeUInt32(field))
    }
    /// Decodes a `Double` from its bit pattern.
    public mutating func decodeDouble(_ field: String) throws(CanonicalDecodingError) -> Double {
        Double(bitPattern: try decodeUInt64(field))
    }

    /// Decodes a length prefix, checking it against `limit` and the remaining input
    /// (each element needs at least `minimumElementSize` bytes).
    public mutating func decodeLength(
        _ field: String, limit: Int, minimumElementSize: Int = 1
    ) throws(CanonicalDecodingError) -> Int {
        let start = offset
        let count = Int(try decodeUInt32(field + ".count"))
        guard count <= limit else {
            throw CanonicalDecodingError(
                .lengthTooLarge, field: field, offset: start, reason: "length \(count) exceeds the limit \(limit)")
        }
        guard count.multipliedReportingOverflow(by: max(minimumElementSize, 0)).partialValue <= remaining else {
            throw CanonicalDecodingError(
                .lengthTooLarge, field: field, offset: start,
                reason: "length \(count) exceeds the \(remaining) remaining byte(s)")
        }
        return count
    }

    /// Decodes a length-prefixed byte string.
    public mutating func decodeBytes(_ field: String, maxCount: Int? = nil) throws(CanonicalDecodingError) -> [UInt8] {
        let count = try decodeLength(field, limit: min(maxCount ?? limits.maxByteCount, limits.maxByteCount))
        return Array(bytes[try take(count, field)])
    }

    /// Decodes exactly `count` bytes with no length prefix.
    public mutating func decodeFixedBytes(_ field: String, count: Int) throws(CanonicalDecodingError) -> [UInt8] {
        Array(bytes[try take(count, field)])
    }

    /// Decodes a length-prefixed UTF-8 string; invalid UTF-8 is rejected.
    public mutating func decodeString(_ field: String, maxCount: Int = 1 << 16) throws(CanonicalDecodingError) -> String
    {
        let start = offset
        let raw = try decodeBytes(field, maxCount: maxCount)
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw CanonicalDecodingError(.invalidValue, field: field, offset: start, reason: "invalid UTF-8")
        }
        return string
    }

    /// Decodes a nested value.
    public mutating func decode<T: CanonicalDecodable>(_: T.Type, _ field: String) throws(CanonicalDecodingError) -> T {
        try T(from: &self, field: field)
    }

    /// Decodes a count-prefixed array of nested values (`minimumElementSize` guards allocation).
    public mutating func decodeArray<T: CanonicalDecodable>(
        _: T.Type, _ field: String, maxCount: Int? = nil, minimumElementSize: Int = 1
    ) throws(CanonicalDecodingError) -> [T] {
        let count = try decodeLength(
            field, limit: min(maxCount ?? limits.maxArrayCount, limits.maxArrayCount),
            minimumElementSize: minimumElementSize)
        var values: [T] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append(try T(from: &self, field: "\(field)[\(index)]"))
        }
        return values
    }

    /// Decodes a count-prefixed array of `Float`s (a flat parameter vector).
    public mutating func decodeFloats(_ field: String, maxCount: Int? = nil) throws(CanonicalDecodingError) -> [Float] {
        let count = try decodeLength(
            field, limit: min(maxCount ?? limits.maxArrayCount, limits.maxArrayCount), minimumElementSize: 4)
        let range = try take(count * 4, field)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    let bits = raw.loadUnaligned(fromByteOffset: range.lowerBound + index * 4, as: UInt32.self)
                    buffer[index] = Float(bitPattern: UInt32(littleEndian: bits))
                }
            }
            initialized = count
        }
    }

    /// Decodes an optional written by ``CanonicalEncoder/encode(optional:)``.
    public mutating func decodeOptional<T: CanonicalDecodable>(_: T.Type, _ field: String)
        throws(CanonicalDecodingError) -> T?
    {
        try decodeBool(field + ".present") ? try T(from: &self, field: field) : nil
    }

    /// Decodes an enum tag, rejecting tags outside `known`.
    public mutating func decodeTag(_ field: String, known: ClosedRange<UInt8>) throws(CanonicalDecodingError) -> UInt8 {
        let start = offset
        let tag = try decodeUInt8(field)
        guard known.contains(tag) else {
            throw CanonicalDecodingError(.unknownTag, field: field, offset: start, reason: "unknown tag \(tag)")
        }
        return tag
    }
}
