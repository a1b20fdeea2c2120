import SynodLedger

/// `Transaction(canonicalBytes:)`: a transaction that decodes re-encodes to exactly the input.
enum TransactionDecoderHarness {
    static func run(_ bytes: [UInt8]) {
        guard let transaction = try? Transaction(canonicalBytes: bytes) else { return }
        precondition(transaction.canonicalBytes == bytes, "a decoded transaction does not re-encode to its bytes")
    }
}
