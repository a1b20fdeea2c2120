/// Named tensors in the safetensors format (Hugging Face, `huggingface/safetensors` README,
/// section "Format"), the format Synod uses for model weights.
///
/// Layout: an 8-byte little-endian `UInt64` N, then N bytes of UTF-8 JSON starting with `{` (and
/// possibly padded at the end with spaces), then the byte buffer. The JSON maps each tensor name to
/// `{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}` (offsets relative to the buffer)
/// and may hold a `"__metadata__"` object of string → string.
///
/// Reading checks what the format requires: N ≤ 100,000,000 (the reference implementation's
/// limit), a JSON object without duplicate keys, known dtypes, `end − begin` = element count ×
/// dtype size, offsets that tile the buffer exactly (no overlap, no hole, nothing unindexed) and a
/// buffer that ends exactly at the end of the file. `F32`, `F64`, `F16` and `BF16` tensors are read
/// and converted to `Float` (exactly, except `F64` which rounds to nearest).
///
/// Writing stores every tensor as little-endian `F32`, laid out in ascending name order (the order
/// the reference writer uses for tensors of equal dtype), with the header padded with spaces to a
/// multiple of 8 bytes so the data are 8-byte aligned, and keys written in sorted order, so the
/// same tensors always give the same bytes.
public struct SafeTensorsFile: Sendable, Equatable {
    /// A safetensors element type.
    public enum DType: String, Sendable, CaseIterable {
        /// IEEE-754 binary32.
        case float32 = "F32"
        /// IEEE-754 binary64.
        case float64 = "F64"
        /// IEEE-754 binary16.
        case float16 = "F16"
        /// bfloat16 (the upper 16 bits of a binary32).
        case bfloat16 = "BF16"

        /// The size of one element in bytes.
        public var size: Int {
            switch self {
            case .float32: 4
            case .float64: 8
            case .float16, .bfloat16: 2
            }
        }
    }

    /// One named tensor: its shape, its values as `Float` in C order, and the dtype it had in the file.
    public struct Tensor: Sendable, Equatable {
        /// The tensor's name (unique within a file, not `__metadata__`).
        public let name: String
        /// The dimensions.
        public let shape: [Int]
        /// The values, row-major.
        public let values: [Float]
        /// The dtype the values were stored with (`.float32` for tensors created in Swift).
        public let storedType: DType

        /// Creates a float32 tensor.
        ///
        /// - Throws: ``FileFormatError`` `.invalidArgument` if the name is empty or `__metadata__`,
        ///   a dimension is negative, or `values.count` is not the product of `shape`.
        public init(name: String, shape: [Int], values: [Float]) throws(FileFormatError) {
            try self.init(name: name, shape: shape, values: values, storedType: .float32)
        }

        init(name: String, shape: [Int], values: [Float], storedType: DType) throws(FileFormatError) {
            guard !name.isEmpty, name != SafeTensorsFile.metadataKey else {
                throw FileFormatError(.invalidArgument, "invalid tensor name '\(name)'")
            }
            guard let count = SafeTensorsFile.elementCount(shape), count == values.count else {
                throw FileFormatError(
                    .invalidArgument, "tensor '\(name)': shape \(shape) does not hold \(values.count) values")
            }
            self.name = name
            self.shape = shape
            self.values = values
            self.storedType = storedType
        }
    }

    /// The reserved header key for free-form string metadata.
    public static let metadataKey = "__metadata__"
    /// The largest header accepted (the reference implementation's `MAX_HEADER_SIZE`).
    public static let maxHeaderSize = 100_000_000

    /// The tensors, sorted by name.
    public let tensors: [Tensor]
    /// The `__metadata__` map.
    public let metadata: [String: String]

    /// Creates a file from tensors (any order; stored sorted by name) and metadata.
    ///
    /// - Throws: ``FileFormatError`` `.invalidArgument` on a duplicate tensor name.
    public init(tensors: [Tensor], metadata: [String: String] = [:]) throws(FileFormatError) {
        let sorted = tensors.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.name == b.name {
            throw FileFormatError(.invalidArgument, "duplicate tensor name '\(a.name)'")
        }
        self.tensors = sorted
        self.metadata = metadata
    }

    /// The tensor called `name`, if any.
    public func tensor(named name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= Int(Int32.max) * 16 else { return nil }
            count = p
        }
        return count
    }

    // MARK: Writing

    /// The file's bytes (see the type's documentation for the exact layout).
    public func encoded() -> [UInt8] {
        var entries: [String] = []
        var offset = 0
        for t in tensors {
            let end = offset + t.values.count * 4
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append(
                JSONValue.quote(t.name)
                    + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map {
                JSONValue.quote($0) + ":" + JSONValue.quote(metadata[$0]!)
            }
            entries.insert(JSONValue.quote(Self.metadataKey) + ":{" + pairs.joined(separator: ",") + "}", at: 0)
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        LittleEndian.append(UInt64(header.count), to: &bytes)
        bytes += header
        for t in tensors { bytes += LittleEndian.bytes(t.values) }
        return bytes
    }

    /// Writes the file to `path` (atomically).
    public func write(to path: String) throws(FileFormatError) {
        try FileBytes.write(encoded(), to: path)
    }

    // MARK: Reading

    /// Reads a safetensors file.
    public static func read(_ path: String) throws(FileFormatError) -> SafeTensorsFile {
        let bytes = try FileBytes.read(path)
        do {
            return try decode(bytes)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Decodes a safetensors file held in memory.
    ///
    /// - Throws: ``FileFormatError`` `.truncated`, `.limitExceeded`, `.badHeader`,
    ///   `.unsupportedType`, `.inconsistent`, `.trailingBytes`.
    public static func decode(_ bytes: [UInt8], file: String = FileFormatError.memory) throws(FileFormatError)
        -> SafeTensorsFile
    {
        guard bytes.count >= 8 else {
            throw FileFormatError(.truncated, file: file, offset: bytes.count, "safetensors file shorter than 8 bytes")
        }
        let declared = LittleEndian.uint64(bytes, offset: 0)
        guard declared <= UInt64(maxHeaderSize) else {
            throw FileFormatError(
                .limitExceeded, file: file, offset: 0, "header size \(declared) exceeds \(maxHeaderSize) bytes")
        }
        let headerSize = Int(declared)
        guard bytes.count >= 8 + headerSize else {
            throw FileFormatError(
                .truncated, file: file, offset: bytes.count,
                "header of \(headerSize) bytes does not fit in a file of \(bytes.count) bytes")
        }
        guard headerSize >= 2, bytes[8] == UInt8(ascii: "{") else {
            throw FileFormatError(.badHeader, file: file, offset: 8, "header must be a JSON object starting with '{'")
        }
        guard case .object(let root) = try JSONValue.parse(bytes[8..<8 + headerSize], file: file) else {
            throw FileFormatError(.badHeader, file: file, offset: 8, "header is not a JSON object")
        }
        let bufferStart = 8 + headerSize
        let bufferSize = bytes.count - bufferStart
        var metadata: [String: String] = [:]
        struct Entry {
            let name: String
            let dtype: DType
            let shape: [Int]
            let begin: Int
            let end: Int
        }
        var entries: [Entry] = []
        for key in root.keys.sorted() {
            let value = root[key]!
            if key == metadataKey {
                guard case .object(let map) = value else {
                    throw FileFormatError(.badHeader, file: file, offset: 8, "__metadata__ must be an object")
                }
                for (k, v) in map {
                    guard case .string(let s) = v else {
                        throw FileFormatError(
                            .badHeader, file: file, offset: 8, "__metadata__ value of '\(k)' is not a string")
                    }
                    metadata[k] = s
                }
                continue
            }
            guard case .object(let fields) = value, fields.count == 3,
                case .string(let dtypeName)? = fields["dtype"],
                case .array(let shapeValues)? = fields["shape"],
                case .array(let offsetValues)? = fields["data_offsets"], offsetValues.count == 2
            else {
                throw FileFormatError(
                    .badHeader, file: file, offset: 8,
                    "tensor '\(key)' must be {\"dtype\", \"shape\", \"data_offsets\": [begin, end]} and nothing else")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw FileFormatError(
                    .unsupportedType, file: file, offset: 8,
                    "tensor '\(key)' has dtype \(dtypeName); supported: F32, F64, F16, BF16")
            }
            var shape: [Int] = []
            for v in shapeValues {
                guard case .integer(let d) = v, d >= 0, d <= Int64(Int32.max) else {
                    throw FileFormatError(.badHeader, file: file, offset: 8, "tensor '\(key)' has a bad dimension")
                }
                shape.append(Int(d))
            }
            guard case .integer(let b) = offsetValues[0], case .integer(let e) = offsetValues[1], b >= 0, e >= b,
                e <= Int64(bufferSize)
            else {
                throw FileFormatError(
                    .inconsistent, file: file, offset: 8,
                    "tensor '\(key)' has data_offsets \(JSONValue.array(offsetValues)) outside the \(bufferSize)-byte buffer"
                )
            }
            guard let count = elementCount(shape), count * dtype.size == Int(e - b) else {
                throw FileFormatError(
                    .inconsistent, file: file, offset: 8,
                    "tensor '\(key)': shape \(shape) of \(dtypeName) does not take \(e - b) bytes")
            }
            entries.append(Entry(name: key, dtype: dtype, shape: shape, begin: Int(b), end: Int(e)))
        }
        // The offsets must tile the buffer: sorted by begin, each starts where the previous ended.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var cursor = 0
        for entry in entries {
            guard entry.begin == cursor else {
                let what = entry.begin < cursor ? "overlaps the previous tensor" : "leaves a hole before it"
                throw FileFormatError(
                    .inconsistent, file: file, offset: bufferStart + entry.begin,
                    "tensor '\(entry.name)' at [\(entry.begin), \(entry.end)) \(what) (expected begin \(cursor))")
            }
            cursor = entry.end
        }
        guard cursor == bufferSize else {
            throw FileFormatError(
                .trailingBytes, file: file, offset: bufferStart + cursor,
                "\(bufferSize - cursor) buffer bytes are not indexed by any tensor")
        }
        var tensors: [Tensor] = []
        for entry in entries {
            let start = bufferStart + entry.begin
            let count = (entry.end - entry.begin) / entry.dtype.size
            let values: [Float]
            switch entry.dtype {
            case .float32: values = LittleEndian.floats(bytes, offset: start, count: count)
            case .float64: values = LittleEndian.doubles(bytes, offset: start, count: count).map { Float($0) }
            case .float16:
                values = LittleEndian.integers(bytes, offset: start, count: count, as: UInt16.self).map(
                    HalfPrecision.float(fromHalf:))
            case .bfloat16:
                values = LittleEndian.integers(bytes, offset: start, count: count, as: UInt16.self).map(
                    HalfPrecision.float(fromBFloat16:))
            }
            tensors.append(try Tensor(name: entry.name, shape: entry.shape, values: values, storedType: entry.dtype))
        }
        return try SafeTensorsFile(tensors: tensors, metadata: metadata)
    }
}
