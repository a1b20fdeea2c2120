/// An array in the IDX format of the MNIST and Fashion-MNIST files (LeCun et al., "THE MNIST
/// DATABASE of handwritten digits", section "FILE FORMATS FOR THE MNIST DATABASE").
///
/// Layout: a 4-byte magic number `00 00 TT DD` where `TT` is the element type and `DD` the number
/// of dimensions, then `DD` big-endian 32-bit dimension sizes, then the elements in row-major order,
/// each big-endian. MNIST images are `0x00000803` (unsigned bytes, 3 dimensions: count × rows ×
/// cols), labels `0x00000801` (unsigned bytes, 1 dimension: count).
///
/// The decoder is strict: the payload must hold exactly the product of the dimensions, with no
/// trailing bytes.
public struct IDXArray: Sendable, Equatable {
    /// The IDX element type (third byte of the magic number).
    public enum ElementType: UInt8, Sendable, CaseIterable {
        /// Unsigned byte (`0x08`), the type of every MNIST file.
        case uint8 = 0x08
        /// Signed byte (`0x09`).
        case int8 = 0x09
        /// Big-endian 16-bit signed integer (`0x0B`).
        case int16 = 0x0B
        /// Big-endian 32-bit signed integer (`0x0C`).
        case int32 = 0x0C
        /// Big-endian IEEE-754 binary32 (`0x0D`).
        case float32 = 0x0D
        /// Big-endian IEEE-754 binary64 (`0x0E`).
        case float64 = 0x0E

        /// The size of one element in bytes.
        public var size: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    /// The element type.
    public let elementType: ElementType
    /// The dimension sizes, outermost first.
    public let dimensions: [Int]
    /// The raw payload, exactly `elementCount × elementType.size` bytes, big-endian elements.
    public let payload: [UInt8]

    /// The number of elements (the product of the dimensions).
    public var elementCount: Int { dimensions.reduce(1, *) }

    /// The limit on the element count accepted by the decoder (2^31).
    public static let maxElementCount = 1 << 31

    /// Creates an array of unsigned bytes.
    ///
    /// - Throws: ``FileFormatError`` `.invalidArgument` if the value count is not the product of
    ///   the dimensions or a dimension is negative or does not fit in 32 bits.
    public init(dimensions: [Int], bytes: [UInt8]) throws(FileFormatError) {
        try self.init(elementType: .uint8, dimensions: dimensions, payload: bytes)
    }

    /// Creates an array from its element type, dimensions and big-endian payload.
    public init(elementType: ElementType, dimensions: [Int], payload: [UInt8]) throws(FileFormatError) {
        guard !dimensions.isEmpty, dimensions.count <= 255,
            dimensions.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) })
        else {
            throw FileFormatError(.invalidArgument, "IDX needs 1…255 dimensions in 0…2^32−1, got \(dimensions)")
        }
        let count = dimensions.reduce(1, *)
        guard payload.count == count * elementType.size else {
            throw FileFormatError(
                .invalidArgument,
                "IDX payload has \(payload.count) bytes, dimensions \(dimensions) need \(count * elementType.size)")
        }
        self.elementType = elementType
        self.dimensions = dimensions
        self.payload = payload
    }

    /// Decodes an IDX file held in memory (not compressed).
    ///
    /// - Throws: ``FileFormatError`` `.badMagic`, `.unsupportedType`, `.truncated`, `.trailingBytes`,
    ///   `.limitExceeded`.
    public static func decode(_ bytes: [UInt8], file: String = FileFormatError.memory) throws(FileFormatError)
        -> IDXArray
    {
        guard bytes.count >= 4 else {
            throw FileFormatError(
                .truncated, file: file, offset: bytes.count, "IDX file of \(bytes.count) bytes has no magic number")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let magic = bytes[0..<4].map { String($0, radix: 16) }.joined(separator: " ")
            throw FileFormatError(
                .badMagic, file: file, offset: 0, "IDX magic must start with 00 00, found \(magic)")
        }
        guard let type = ElementType(rawValue: bytes[2]) else {
            throw FileFormatError(
                .unsupportedType, file: file, offset: 2, "unknown IDX element type 0x\(String(bytes[2], radix: 16))")
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else {
            throw FileFormatError(.badMagic, file: file, offset: 3, "IDX magic declares 0 dimensions")
        }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw FileFormatError(
                .truncated, file: file, offset: bytes.count,
                "IDX header needs \(headerSize) bytes for \(rank) dimensions, file has \(bytes.count)")
        }
        var dimensions: [Int] = []
        var count = 1
        for d in 0..<rank {
            let o = 4 + 4 * d
            let size = Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
            dimensions.append(size)
            count *= size
            guard count <= maxElementCount else {
                throw FileFormatError(
                    .limitExceeded, file: file, offset: o,
                    "IDX dimensions \(dimensions)… exceed \(maxElementCount) elements")
            }
        }
        let expected = headerSize + count * type.size
        if bytes.count < expected {
            throw FileFormatError(
                .truncated, file: file, offset: bytes.count,
                "IDX dimensions \(dimensions) need \(expected) bytes, file has \(bytes.count) (truncated file?)")
        }
        if bytes.count > expected {
            throw FileFormatError(
                .trailingBytes, file: file, offset: expected,
                "IDX dimensions \(dimensions) need \(expected) bytes, file has \(bytes.count - expected) more")
        }
        return try IDXArray(elementType: type, dimensions: dimensions, payload: Array(bytes[headerSize...]))
    }

    /// Reads an IDX file, raw or gzip-compressed (detected by the gzip magic number, whatever the
    /// file name).
    public static func read(_ path: String) throws(FileFormatError) -> IDXArray {
        var bytes = try FileBytes.read(path)
        if Gzip.hasMagic(bytes) {
            bytes = try Gzip.decompress(bytes, file: path)
        }
        do {
            return try decode(bytes, file: path)
        } catch {
            throw error.inFile(path)
        }
    }

    /// The encoded IDX file (magic, big-endian dimensions, payload).
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [0, 0, elementType.rawValue, UInt8(dimensions.count)]
        bytes.reserveCapacity(4 + 4 * dimensions.count + payload.count)
        for d in dimensions {
            let v = UInt32(d)
            bytes += [
                UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8),
                UInt8(truncatingIfNeeded: v),
            ]
        }
        bytes += payload
        return bytes
    }

    /// Writes the array to `path`, gzip-compressed when `compressed` is true.
    public func write(to path: String, compressed: Bool = false) throws(FileFormatError) {
        let bytes = encoded()
        try FileBytes.write(compressed ? Gzip.compress(bytes) : bytes, to: path)
    }

    /// The elements converted to `Double` (big-endian decoding of every element type).
    public func doubleValues() -> [Double] {
        let n = elementCount
        var values = [Double](repeating: 0, count: n)
        payload.withUnsafeBufferPointer { p in
            for i in 0..<n {
                switch elementType {
                case .uint8:
                    values[i] = Double(p[i])
                case .int8:
                    values[i] = Double(Int8(bitPattern: p[i]))
                case .int16:
                    values[i] = Double(Int16(bitPattern: UInt16(p[2 * i]) << 8 | UInt16(p[2 * i + 1])))
                case .int32:
                    values[i] = Double(Int32(bitPattern: bigEndian32(p, 4 * i)))
                case .float32:
                    values[i] = Double(Float(bitPattern: bigEndian32(p, 4 * i)))
                case .float64:
                    var bits: UInt64 = 0
                    for k in 0..<8 { bits = bits << 8 | UInt64(p[8 * i + k]) }
                    values[i] = Double(bitPattern: bits)
                }
            }
        }
        return values
    }

    @inline(__always)
    private func bigEndian32(_ p: UnsafeBufferPointer<UInt8>, _ o: Int) -> UInt32 {
        UInt32(p[o]) << 24 | UInt32(p[o + 1]) << 16 | UInt32(p[o + 2]) << 8 | UInt32(p[o + 3])
    }
}
