import SynodCore

/// Remembers ECVRF verification results (RFC 9381 §5.3 is a pure function of key, alpha and
/// proof), so a replica that sees one PRE-PREPARE several times — or several simulated replicas
/// sharing one cache — verify each proof once. Bounded: it is cleared when it exceeds
/// ``capacity`` entries.
///
/// Thread-safe (an internal `VerificationMemo` holds the table under a lock).
public final class VRFVerificationCache: Sendable {
    struct Key: Hashable {
        let publicKey: [UInt8]
        let alpha: [UInt8]
        let proof: [UInt8]
    }

    private let memo: VerificationMemo<Key>

    /// The largest number of remembered results.
    public var capacity: Int { memo.capacity }

    /// Creates an empty cache.
    public init(capacity: Int = 4096) { memo = VerificationMemo(capacity: capacity) }

    func result(publicKey: [UInt8], alpha: [UInt8], proof: [UInt8], compute: () -> Bool) -> Bool {
        memo.result(for: Key(publicKey: publicKey, alpha: alpha, proof: proof), compute: compute)
    }
}
