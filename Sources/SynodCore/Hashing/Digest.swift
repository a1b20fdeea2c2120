import Crypto
import Foundation

/// A 32-byte cryptographic digest (SHA-256 unless stated otherwise), hashable and comparable
/// byte-lexicographically so that sets of digests can be put in a canonical order.
public struct Digest: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The byte count of a digest.
    public static let byteCount = 32
    // Stored as four big-endian words so that `<` is byte-lexicographic order.
    private let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// The all-zero digest (used as "no previous block").
    public static let zero = Digest(words: 0, 0, 0, 0)

    private init(words w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    /// Creates a digest from exactly 32 bytes, or returns `nil`.
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == Digest.byteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, byte) in bytes.enumerated() {
            switch index >> 3 {
            case 0: words.0 = words.0 << 8 | UInt64(byte)
            case 1: words.1 = words.1 << 8 | UInt64(byte)
            case 2: words.2 = words.2 << 8 | UInt64(byte)
            default: words.3 = words.3 << 8 | UInt64(byte)
            }
        }
        self.init(words: words.0, words.1, words.2, words.3)
    }

    /// Reads 32 bytes as four big-endian words (the caller guarantees the count).
    init(exactly raw: UnsafeRawBufferPointer) {
        self.init(
            words: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// A digest from swift-crypto's SHA-256 result, without intermediate arrays.
    init(_ digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { Digest(exactly: $0) }
    }

    /// Parses 64 hex characters (either case, no prefix), or returns `nil`.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        let words = (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)
        return withUnsafeBytes(of: words) { Array($0) }
    }

    /// Lower-case hex (64 characters).
    public var hex: String { Hex.encode(bytes) }
    /// The full lower-case hex.
    public var description: String { hex }
    /// The first 8 hex characters, for logs.
    public var short: String { String(hex.prefix(8)) }

    /// Byte-lexicographic order (the order of the hex strings).
    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }

    /// SHA-256 (FIPS 180-4) of `data`.
    public static func sha256<Bytes: DataProtocol>(_ data: Bytes) -> Digest {
        Digest(SHA256.hash(data: data))
    }

    /// SHA-256 over the concatenation of `parts` (no separators: callers must make the parts
    /// self-delimiting, e.g. by canonical encoding).
    public static func sha256(parts: [[UInt8]]) -> Digest {
        var hasher = SHA256()
        for part in parts { hasher.update(data: part) }
        return Digest(hasher.finalize())
    }

    /// SHA-512 (FIPS 180-4) of `data`: 64 bytes (not a ``Digest``, which holds 32).
    public static func sha512<Bytes: DataProtocol>(_ data: Bytes) -> [UInt8] {
        Array(SHA512.hash(data: data))
    }

    /// SHA-256 of a float vector's little-endian IEEE-754 bytes (the content address of a
    /// gradient or parameter vector).
    public static func sha256(floats: [Float]) -> Digest {
        floats.withUnsafeBytes { raw in
            #if _endian(little)
                return Digest(SHA256.hash(data: raw))
            #else
                var le = [UInt8]()
                for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { le.append(contentsOf: $0) } }
                return Digest(SHA256.hash(data: le))
            #endif
        }
    }

    /// Writes the 32 bytes with no length prefix.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.appendBigEndian(w0)
        encoder.appendBigEndian(w1)
        encoder.appendBigEndian(w2)
        encoder.appendBigEndian(w3)
    }

    /// Reads 32 bytes (any value is a valid digest); throws `.truncated` if fewer remain.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        self = try decoder.withFixedBytes(field, count: Digest.byteCount) { Digest(exactly: $0) }
    }
}
