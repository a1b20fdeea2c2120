/// An n-dimensional array in NumPy's `.npy` format (NumPy Enhancement Proposal 1, "A Simple File
/// Format for NumPy Arrays"; `numpy.lib.format`).
///
/// Layout: the magic `\x93NUMPY`, a major and minor version byte, the header length (little-endian
/// `UInt16` in version 1.0, `UInt32` in 2.0 and 3.0), an ASCII (3.0: UTF-8) Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces and ended by
/// `\n`, then the elements in C (row-major) order.
///
/// Supported element types: `<f4`, `<f8`, `<i4`, `<i8` and `|u1` (little-endian; `|u1` has no
/// byte order). Rejected with a typed ``FileFormatError``: big-endian dtypes, object and structured
/// dtypes, Fortran order, unknown header keys, truncated data and trailing bytes. Writing pads the
/// header so the data start at a multiple of 64 bytes, as NumPy does, and uses version 1.0 unless
/// the header needs 2.0.
public struct NPYArray: Sendable, Equatable {
    /// The element type, with its `descr` string.
    public enum DType: String, Sendable, CaseIterable {
        /// Little-endian IEEE-754 binary32.
        case float32 = "<f4"
        /// Little-endian IEEE-754 binary64.
        case float64 = "<f8"
        /// Little-endian 32-bit signed integer.
        case int32 = "<i4"
        /// Little-endian 64-bit signed integer.
        case int64 = "<i8"
        /// Unsigned byte.
        case uint8 = "|u1"

        /// The size of one element in bytes.
        public var size: Int {
            switch self {
            case .uint8: 1
            case .float32, .int32: 4
            case .float64, .int64: 8
            }
        }
    }

    /// The elements, in C order, with their type.
    public enum Storage: Sendable, Equatable {
        /// `<f4` elements.
        case float32([Float])
        /// `<f8` elements.
        case float64([Double])
        /// `<i4` elements.
        case int32([Int32])
        /// `<i8` elements.
        case int64([Int64])
        /// `|u1` elements.
        case uint8([UInt8])

        var count: Int {
            switch self {
            case .float32(let v): v.count
            case .float64(let v): v.count
            case .int32(let v): v.count
            case .int64(let v): v.count
            case .uint8(let v): v.count
            }
        }
    }

    /// The `.npy` format version.
    public enum Version: Sendable, Equatable {
        /// 1.0: 16-bit header length.
        case v1
        /// 2.0: 32-bit header length.
        case v2
    }

    /// The dimensions (empty for a 0-dimensional scalar).
    public let shape: [Int]
    /// The elements.
    public let storage: Storage

    /// The element type.
    public var dtype: DType {
        switch storage {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        }
    }

    /// The number of elements (the product of the shape; 1 for a scalar).
    public var elementCount: Int { storage.count }

    /// The largest element count accepted when decoding (2^34).
    public static let maxElementCount = 1 << 34

    /// Creates an array; the number of elements must equal the product of `shape`.
    ///
    /// - Throws: ``FileFormatError`` `.invalidArgument` on a negative dimension or a count mismatch.
    public init(shape: [Int], storage: Storage) throws(FileFormatError) {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw FileFormatError(.invalidArgument, "negative dimension in shape \(shape)")
        }
        var product = 1
        for d in shape {
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow else { throw FileFormatError(.invalidArgument, "shape \(shape) overflows") }
            product = p
        }
        guard product == storage.count else {
            throw FileFormatError(.invalidArgument, "shape \(shape) needs \(product) elements, got \(storage.count)")
        }
        self.shape = shape
        self.storage = storage
    }

    /// A float32 array.
    public init(shape: [Int], float32 values: [Float]) throws(FileFormatError) {
        try self.init(shape: shape, storage: .float32(values))
    }

    /// A float64 array.
    public init(shape: [Int], float64 values: [Double]) throws(FileFormatError) {
        try self.init(shape: shape, storage: .float64(values))
    }

    /// The elements converted to `Float` (float64 rounded to nearest; integers converted).
    public var floats: [Float] {
        switch storage {
        case .float32(let v): v
        case .float64(let v): v.map { Float($0) }
        case .int32(let v): v.map { Float($0) }
        case .int64(let v): v.map { Float($0) }
        case .uint8(let v): v.map { Float($0) }
        }
    }

    /// The elements converted to `Double` (exact for float32, int32 and uint8).
    public var doubles: [Double] {
        switch storage {
        case .float32(let v): v.map { Double($0) }
        case .float64(let v): v
        case .int32(let v): v.map { Double($0) }
        case .int64(let v): v.map { Double($0) }
        case .uint8(let v): v.map { Double($0) }
        }
    }

    // MARK: Reading

    /// Reads a `.npy` file.
    public static func read(_ path: String) throws(FileFormatError) -> NPYArray {
        let bytes = try FileBytes.read(path)
        do {
            return try decode(bytes)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Decodes a `.npy` file held in memory.
    ///
    /// - Throws: ``FileFormatError`` `.badMagic`, `.badHeader`, `.unsupportedType`,
    ///   `.unsupportedLayout`, `.truncated`, `.trailingBytes`, `.limitExceeded`.
    public static func decode(_ bytes: [UInt8], file: String = FileFormatError.memory) throws(FileFormatError)
        -> NPYArray
    {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 8 else {
            throw FileFormatError(.truncated, file: file, offset: bytes.count, ".npy file shorter than its preamble")
        }
        guard Array(bytes[0..<6]) == magic else {
            throw FileFormatError(.badMagic, file: file, offset: 0, "not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            guard bytes.count >= 10 else {
                throw FileFormatError(.truncated, file: file, offset: bytes.count, ".npy preamble truncated")
            }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else {
                throw FileFormatError(.truncated, file: file, offset: bytes.count, ".npy preamble truncated")
            }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw FileFormatError(
                .badHeader, file: file, offset: 6, "unsupported .npy version \(major).\(bytes[7]) (1, 2, 3 known)")
        }
        let dataStart = headerStart + headerLength
        guard bytes.count >= dataStart else {
            throw FileFormatError(
                .truncated, file: file, offset: bytes.count,
                ".npy header of \(headerLength) bytes does not fit in the file")
        }
        let header = try NPYHeader.parse(bytes[headerStart..<dataStart], offset: headerStart, file: file)
        guard let dtype = DType(rawValue: header.descr) ?? alias(header.descr) else {
            throw FileFormatError(
                .unsupportedType, file: file, offset: headerStart, unsupportedReason(header.descr))
        }
        guard !header.fortranOrder else {
            throw FileFormatError(
                .unsupportedLayout, file: file, offset: headerStart,
                "Fortran-order arrays are not supported; save with np.ascontiguousarray")
        }
        var count = 1
        for d in header.shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= maxElementCount else {
                throw FileFormatError(
                    .limitExceeded, file: file, offset: headerStart, "shape \(header.shape) is too large")
            }
            count = p
        }
        let expected = dataStart + count * dtype.size
        if bytes.count < expected {
            throw FileFormatError(
                .truncated, file: file, offset: bytes.count,
                "shape \(header.shape) of \(dtype.rawValue) needs \(count * dtype.size) data bytes, "
                    + "file has \(bytes.count - dataStart)")
        }
        if bytes.count > expected {
            throw FileFormatError(
                .trailingBytes, file: file, offset: expected, "\(bytes.count - expected) bytes after the array data")
        }
        let storage: Storage
        switch dtype {
        case .float32: storage = .float32(LittleEndian.floats(bytes, offset: dataStart, count: count))
        case .float64: storage = .float64(LittleEndian.doubles(bytes, offset: dataStart, count: count))
        case .int32: storage = .int32(LittleEndian.integers(bytes, offset: dataStart, count: count, as: Int32.self))
        case .int64: storage = .int64(LittleEndian.integers(bytes, offset: dataStart, count: count, as: Int64.self))
        case .uint8: storage = .uint8(Array(bytes[dataStart..<expected]))
        }
        return try NPYArray(shape: header.shape, storage: storage)
    }

    private static func alias(_ descr: String) -> DType? {
        switch descr {
        case "<u1", ">u1", "u1": .uint8
        default: nil
        }
    }

    private static func unsupportedReason(_ descr: String) -> String {
        if descr.hasPrefix(">") {
            return "big-endian dtype '\(descr)' is not supported; convert with arr.astype('<\(descr.dropFirst())')"
        }
        if descr.contains("O") { return "object dtype '\(descr)' is not supported (it would need pickle)" }
        return "dtype '\(descr)' is not supported (use <f4, <f8, <i4, <i8 or |u1)"
    }

    // MARK: Writing

    /// The `.npy` bytes of the array (version 1.0 unless the header needs 2.0, or `version` given).
    public func encoded(version: Version? = nil) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let dict = "{'descr': '\(dtype.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }"
        var chosen = version ?? .v1
        // Version 1.0 has a 16-bit header length (NEP 1).
        if chosen == .v1 && 10 + dict.utf8.count + 1 + 64 > 65_535 { chosen = .v2 }
        let preamble = chosen == .v1 ? 10 : 12
        // Pad with spaces so that the data start at a multiple of 64 (numpy.lib.format.ARRAY_ALIGN).
        let unpadded = preamble + dict.utf8.count + 1
        let padding = (64 - unpadded % 64) % 64
        let header = Array(dict.utf8) + [UInt8](repeating: 0x20, count: padding) + [0x0A]
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, chosen == .v1 ? 1 : 2, 0]
        if chosen == .v1 {
            LittleEndian.append(UInt16(header.count), to: &bytes)
        } else {
            LittleEndian.append(UInt32(header.count), to: &bytes)
        }
        bytes += header
        switch storage {
        case .float32(let v): bytes += LittleEndian.bytes(v)
        case .float64(let v): bytes += LittleEndian.bytes(v)
        case .int32(let v): bytes += LittleEndian.bytes(v)
        case .int64(let v): bytes += LittleEndian.bytes(v)
        case .uint8(let v): bytes += v
        }
        return bytes
    }

    /// Writes the array to `path` (atomically).
    public func write(to path: String, version: Version? = nil) throws(FileFormatError) {
        try FileBytes.write(encoded(version: version), to: path)
    }
}
