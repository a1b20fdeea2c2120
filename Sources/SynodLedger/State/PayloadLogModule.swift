import SynodCore

/// A minimal built-in protocol module, `"log"`: it appends each payload to a hash chain kept in
/// its namespace (`"head"` = SHA-256(previous head ‖ SHA-256(body) ‖ blob digests), `"count"`),
/// (the ledger checks the referenced blobs before any module runs). Used by the chain builder, the benchmark and the crash
/// test as a stand-in for protocols that record data (SPDL gradients, model parameters).
public struct PayloadLogModule: LedgerModule {
    /// The module's name.
    public static let moduleName = "log"

    /// Creates the module.
    public init() {}

    public var name: String { Self.moduleName }

    public func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        let head = context.value(for: Array("head".utf8)) ?? Digest.zero.bytes
        var count: UInt64 = 0
        if let raw = context.value(for: Array("count".utf8)) {
            var decoder = CanonicalDecoder(bytes: raw)
            guard let decoded = try? decoder.decodeUInt64("count"), decoder.remaining == 0 else {
                throw LedgerError(.moduleRejected, height: context.height, field: "module.log.count", "corrupt counter")
            }
            count = decoded
        }
        var parts: [[UInt8]] = [head, Digest.sha256(payload.body).bytes]
        // The ledger has already checked every referenced blob (present, complete, hashing to its digest).
        for reference in payload.blobs { parts.append(reference.digest.bytes) }
        context.setValue(Digest.sha256(parts: parts).bytes, for: Array("head".utf8))
        context.setValue((count + 1).canonicalBytesLE, for: Array("count".utf8))
    }
}
