import SynodCore

/// A transaction defined by a protocol module (SPDL gradients and aggregates, PoQI verdicts, …):
/// the module's name, a module-defined kind, the module's canonical bytes, and references to large
/// data (gradients, model weights) stored once as blobs.
///
/// The ledger does not interpret `body`; it hands the payload to the ``LedgerModule`` registered
/// under `module` (an unknown module is a typed error). Payloads carry no ledger-level signature:
/// a module that needs one puts a signed envelope in `body` and checks it.
public struct ProtocolPayload: Hashable, Sendable, CanonicalCodable {
    /// The longest module name.
    public static let maxModuleNameLength = 64
    /// The most blob references per payload.
    public static let maxBlobCount = 4096

    /// The module that applies this payload, e.g. `"spdl"`.
    public let module: String
    /// A module-defined payload kind.
    public let kind: UInt16
    /// The module's canonical bytes.
    public let body: [UInt8]
    /// Blobs this payload refers to.
    public let blobs: [BlobReference]

    /// Creates a payload.
    public init(module: String, kind: UInt16, body: [UInt8], blobs: [BlobReference] = []) {
        self.module = module
        self.kind = kind
        self.body = body
        self.blobs = blobs
    }

    /// True if `name` is a valid module name: 1–64 bytes of `a-z`, `0-9`, `.`, `_`, `-`.
    public static func isValidModuleName(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        guard !utf8.isEmpty, utf8.count <= maxModuleNameLength else { return false }
        return utf8.allSatisfy { c in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(module)
        encoder.encode(kind)
        encoder.encode(bytes: body)
        encoder.encode(blobs)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        module = try decoder.decodeString(field + ".module", maxCount: Self.maxModuleNameLength)
        guard Self.isValidModuleName(module) else {
            throw decoder.error(.invalidValue, field + ".module", "invalid module name '\(module)'", at: start)
        }
        kind = try decoder.decodeUInt16(field + ".kind")
        body = try decoder.decodeBytes(field + ".body")
        blobs = try decoder.decodeArray(
            BlobReference.self, field + ".blobs", maxCount: Self.maxBlobCount, minimumElementSize: 40)
    }
}
