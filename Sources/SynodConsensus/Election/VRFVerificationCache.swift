import SynodCore

/// Remembers ECVRF verification results (RFC 9381 §5.3 is a pure function of key, alpha and
/// proof), so a replica that sees one PRE-PREPARE several times — or several simulated replicas
/// sharing one cache — verify each proof once. Bounded: it is cleared when it exceeds
/// ``capacity`` entries.
///
/// `@unchecked Sendable`: the table is only touched under the lock.
public final class VRFVerificationCache: @unchecked Sendable {
    struct Key: Hashable {
        let publicKey: [UInt8]
        let alpha: [UInt8]
        let proof: [UInt8]
    }

    /// The largest number of remembered results.
    public let capacity: Int
    private var table: [Key: Bool] = [:]
    private let lock = NSLockLike()

    /// Creates an empty cache.
    public init(capacity: Int = 4096) { self.capacity = max(capacity, 1) }

    func result(publicKey: [UInt8], alpha: [UInt8], proof: [UInt8], compute: () -> Bool) -> Bool {
        let key = Key(publicKey: publicKey, alpha: alpha, proof: proof)
        if let known = lock.withLock({ table[key] }) { return known }
        let value = compute()
        lock.withLock {
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = value
        }
        return value
    }
}
