import SynodLedger

/// `Block(canonicalBytes:)`: a block that decodes re-encodes to exactly the input (the encoding is
/// canonical); anything else is a `CanonicalDecodingError`.
enum BlockDecoderHarness {
    static func run(_ bytes: [UInt8]) {
        guard let block = try? Block(canonicalBytes: bytes) else { return }
        precondition(block.canonicalBytes == bytes, "a decoded block does not re-encode to its bytes")
        _ = block.hash
    }
}
