/// A bounded, thread-safe memo of pure verification results (a signature or VRF proof check is a
/// function of its inputs alone), keyed by every input. Cleared when it would exceed ``capacity``
/// entries or ``byteCapacity`` total weight (callers weigh an entry by the bytes its key holds).
/// Shared by ``SignatureVerificationCache`` and ``VRFVerificationCache``.
///
/// `@unchecked Sendable`: the table and counters are only touched under the lock.
final class VerificationMemo<Key: Hashable>: @unchecked Sendable {
    /// The largest number of remembered results.
    let capacity: Int
    /// The largest total weight of remembered keys.
    let byteCapacity: Int
    private var table: [Key: Bool] = [:]
    private var weight = 0
    private var counts = (hits: 0, misses: 0)
    private let lock = NSLockLike()

    init(capacity: Int, byteCapacity: Int = .max) {
        self.capacity = max(capacity, 1)
        self.byteCapacity = max(byteCapacity, 1)
    }

    /// Lookups answered from the table and lookups that ran the verification.
    var statistics: (hits: Int, misses: Int) { lock.withLock { counts } }

    /// The remembered result for `key`, or `compute()`'s (then remembered with `weight`).
    func result(for key: Key, weight entryWeight: Int = 0, compute: () -> Bool) -> Bool {
        if let known = lock.withLock({ () -> Bool? in
            let value = table[key]
            if value != nil { counts.hits += 1 }
            return value
        }) {
            return known
        }
        let value = compute()
        lock.withLock {
            counts.misses += 1
            if table.count >= capacity || weight > byteCapacity - entryWeight {
                table.removeAll(keepingCapacity: true)
                weight = 0
            }
            table[key] = value
            weight += entryWeight
        }
        return value
    }
}
