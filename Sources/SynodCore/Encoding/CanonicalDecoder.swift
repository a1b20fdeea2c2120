/// Reads Synod's canonical binary encoding strictly (see ``CanonicalEncoder``).
///
/// Every read names the field it decodes; failures throw ``CanonicalDecodingError`` with that
/// field and the byte offset at which the failing field starts. Lengths are checked against
/// ``CanonicalLimits`` and against the remaining input *before* anything is allocated, so a hostile
/// length prefix cannot make a node allocate more than the input it actually sent.
/// ``finish(_:)`` rejects trailing bytes.
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

    /// True once every byte has been consumed.
    public var isAtEnd: Bool { offset == bytes.count }

    /// Throws ``CanonicalDecodingError/Kind/trailingBytes`` unless every byte has been consumed.
    public func finish(_ field: String = "value") throws(CanonicalDecodingError) {
        if offset != bytes.count {
            throw CanonicalDecodingError(
                .trailingBytes, field: field, offset: offset,
                reason: "\(bytes.count - offset) byte(s) left after the end of the value")
        }
    }

    /// Builds an error at the current offset, or at `position` (for callers validating decoded
    /// values, e.g. `throw decoder.error(.invalidValue, field, "must be positive", at: start)`).
    public func error(
        _ kind: CanonicalDecodingError.Kind, _ field: String, _ reason: String, at position: Int? = nil
    ) -> CanonicalDecodingError {
        CanonicalDecodingError(kind, field: field, offset: position ?? offset, reason: reason)
    }

    /// Consumes `count` bytes and returns their range, or throws `.truncated` without consuming.
    @inline(__always)
    mutating func take(_ count: Int, _ field: String) throws(CanonicalDecodingError) -> Range<Int> {
        precondition(count >= 0, "negative byte count \(count) for \(field)")
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
        for index in range.reversed() { value = (value << 8) | T(truncatingIfNeeded: bytes[index]) }
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
    /// Decodes a two's-complement `Int8`.
    public mutating func decodeInt8(_ field: String) throws(CanonicalDecodingError) -> Int8 {
        Int8(bitPattern: try readLittleEndian(UInt8.self, field))
    }
    /// Decodes a little-endian two's-complement `Int16`.
    public mutating func decodeInt16(_ field: String) throws(CanonicalDecodingError) -> Int16 {
        Int16(bitPattern: try readLittleEndian(UInt16.self, field))
    }
    /// Decodes a little-endian two's-complement `Int32`.
    public mutating func decodeInt32(_ field: String) throws(CanonicalDecodingError) -> Int32 {
        Int32(bitPattern: try readLittleEndian(UInt32.self, field))
    }
    /// Decodes a little-endian two's-complement `Int64`.
    public mutating func decodeInt64(_ field: String) throws(CanonicalDecodingError) -> Int64 {
        Int64(bitPattern: try readLittleEndian(UInt64.self, field))
    }
    /// Decodes a `Bool`; any byte other than 0 or 1 is rejected as non-canonical
    /// (``CanonicalDecodingError/Kind/invalidValue``).
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
    /// Decodes a `Float` from its bit pattern (every pattern, including NaN payloads, is accepted
    /// and preserved; callers that need finite values check them).
    public mutating func decodeFloat(_ field: String) throws(CanonicalDecodingError) -> Float {
        Float(bitPattern: try decodeUInt32(field))
    }
    /// Decodes a `Double` from its bit pattern (every pattern is accepted and preserved).
    public mutating func decodeDouble(_ field: String) throws(CanonicalDecodingError) -> Double {
        Double(bitPattern: try decodeUInt64(field))
    }

    /// Decodes a `UInt32` length prefix and checks it against `limit` and against the remaining
    /// input (each element needs at least `minimumElementSize` bytes, so `count × minimumElementSize`
    /// must fit), before the caller allocates anything. Both failures are
    /// ``CanonicalDecodingError/Kind/lengthTooLarge`` at the offset of the prefix.
    public mutating func decodeLength(
        _ field: String, limit: Int, minimumElementSize: Int = 1
    ) throws(CanonicalDecodingError) -> Int {
        let start = offset
        let count = Int(try decodeUInt32(field + ".count"))
        guard count <= limit else {
            throw CanonicalDecodingError(
                .lengthTooLarge, field: field, offset: start, reason: "length \(count) exceeds the limit \(limit)")
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: max(minimumElementSize, 0))
        guard !overflow, needed <= remaining else {
            throw CanonicalDecodingError(
                .lengthTooLarge, field: field, offset: start,
                reason: "length \(count) needs at least \(overflow ? Int.max : needed) byte(s), "
                    + "only \(remaining) remain")
        }
        return count
    }

    /// Decodes a length-prefixed byte string of at most `maxCount` bytes (and at most
    /// ``CanonicalLimits/maxByteCount``).
    public mutating func decodeBytes(_ field: String, maxCount: Int? = nil) throws(CanonicalDecodingError) -> [UInt8] {
        let count = try decodeLength(field, limit: min(maxCount ?? limits.maxByteCount, limits.maxByteCount))
        return Array(bytes[try take(count, field)])
    }

    /// Decodes exactly `count` bytes with no length prefix (fixed-size fields). `count` must not be
    /// negative.
    public mutating func decodeFixedBytes(_ field: String, count: Int) throws(CanonicalDecodingError) -> [UInt8] {
        Array(bytes[try take(count, field)])
    }

    /// Consumes exactly `count` bytes and passes them to `body` without copying.
    mutating func withFixedBytes<R>(
        _ field: String, count: Int, _ body: (UnsafeRawBufferPointer) -> R
    ) throws(CanonicalDecodingError) -> R {
        let range = try take(count, field)
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Decodes a length-prefixed UTF-8 string of at most `maxCount` bytes (64 KiB by default);
    /// invalid UTF-8 is rejected (``CanonicalDecodingError/Kind/invalidValue``). The bytes are kept
    /// exactly (no normalization).
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

    /// Decodes a count-prefixed array of nested values, each named `field[i]` in errors.
    ///
    /// `minimumElementSize` (the smallest encoding of one element, at least 1) bounds the count by
    /// the remaining input before the array is allocated.
    public mutating func decodeArray<T: CanonicalDecodable>(
        _: T.Type, _ field: String, maxCount: Int? = nil, minimumElementSize: Int = 1
    ) throws(CanonicalDecodingError) -> [T] {
        try decodeArray(field, maxCount: maxCount, minimumElementSize: minimumElementSize) {
            (decoder: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> T in
            try T(from: &decoder, field: name)
        }
    }

    /// Decodes a count-prefixed array whose elements are read by `element`, which receives the
    /// element's field name `field[i]` (the counterpart of
    /// ``CanonicalEncoder/encode(_:element:)``; e.g. `decoder.decodeArray("ids", minimumElementSize: 8)
    /// { d, name throws(CanonicalDecodingError) in try d.decodeUInt64(name) }`).
    public mutating func decodeArray<T>(
        _ field: String, maxCount: Int? = nil, minimumElementSize: Int = 1,
        element: (inout CanonicalDecoder, String) throws(CanonicalDecodingError) -> T
    ) throws(CanonicalDecodingError) -> [T] {
        let count = try decodeLength(
            field, limit: min(maxCount ?? limits.maxArrayCount, limits.maxArrayCount),
            minimumElementSize: max(minimumElementSize, 1))
        var values: [T] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append(try element(&self, "\(field)[\(index)]"))
        }
        return values
    }

    /// Decodes a count-prefixed array of `Float`s written by ``CanonicalEncoder/encode(floats:)``
    /// (a flat parameter vector; bit patterns preserved).
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

    /// Decodes an optional written by ``CanonicalEncoder/encode(optional:)``: the presence flag is
    /// named `field.present` (a byte other than 0 or 1 is rejected), the value `field`.
    public mutating func decodeOptional<T: CanonicalDecodable>(_: T.Type, _ field: String)
        throws(CanonicalDecodingError) -> T?
    {
        try decodeBool(field + ".present") ? try T(from: &self, field: field) : nil
    }

    /// Decodes an enum tag, rejecting tags outside `known` (``CanonicalDecodingError/Kind/unknownTag``
    /// at the tag's offset).
    public mutating func decodeTag(_ field: String, known: ClosedRange<UInt8>) throws(CanonicalDecodingError) -> UInt8 {
        let start = offset
        let tag = try decodeUInt8(field)
        guard known.contains(tag) else {
            throw CanonicalDecodingError(
                .unknownTag, field: field, offset: start,
                reason: "unknown tag \(tag) (known: \(known.lowerBound)...\(known.upperBound))")
        }
        return tag
    }

    /// Decodes a `UInt8` enum tag into a `RawRepresentable` enum, rejecting unknown raw values
    /// (``CanonicalDecodingError/Kind/unknownTag`` at the tag's offset).
    public mutating func decodeTag<T: RawRepresentable>(_: T.Type, _ field: String) throws(CanonicalDecodingError) -> T
    where T.RawValue == UInt8 {
        let start = offset
        let tag = try decodeUInt8(field)
        guard let value = T(rawValue: tag) else {
            throw CanonicalDecodingError(.unknownTag, field: field, offset: start, reason: "unknown tag \(tag)")
        }
        return value
    }
}
