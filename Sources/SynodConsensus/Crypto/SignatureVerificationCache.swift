import SynodCore

/// Remembers signature verification results, keyed by signer, domain, the signed payload bytes
/// and the signature bytes. Verification (RFC 8032 §5.1.7) is a pure function of these, so
/// simulated replicas that share one cache (like ``VRFVerificationCache`` for VRF proofs) verify
/// each distinct signed message once instead of once per receiver: the outcome of every check is
/// unchanged, only the repeated CPU work is not done. A hit requires the payload to be equal
/// byte for byte (hashing uses the signature, signer, domain and length; equality compares the
/// whole payload, which is cheaper than hashing it). Simulation only: a node verifies for itself.
/// Bounded: the table is cleared when it exceeds ``capacity`` entries or ``byteCapacity`` payload
/// bytes.
///
/// Thread-safe (an internal `VerificationMemo` holds the table under a lock).
public final class SignatureVerificationCache: Sendable {
    struct Key: Hashable {
        let signer: PublicKey
        let domain: String
        let payload: [UInt8]
        let signature: Signature

        static func == (a: Key, b: Key) -> Bool {
            a.signature == b.signature && a.signer == b.signer && a.domain == b.domain && a.payload == b.payload
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(signature)
            hasher.combine(signer)
            hasher.combine(domain)
            hasher.combine(payload.count)
        }
    }

    private let memo: VerificationMemo<Key>

    /// The largest number of remembered results.
    public var capacity: Int { memo.capacity }
    /// The largest total of remembered payload bytes.
    public var byteCapacity: Int { memo.byteCapacity }

    /// Creates an empty cache.
    public init(capacity: Int = 1 << 16, byteCapacity: Int = 256 << 20) {
        memo = VerificationMemo(capacity: capacity, byteCapacity: byteCapacity)
    }

    /// Lookups answered from the table and lookups that ran the verification.
    public var statistics: (hits: Int, misses: Int) { memo.statistics }

    /// The remembered result for this signed message, or `compute()`'s (then remembered).
    public func result(
        signature: Signature, payload: [UInt8], domain: SigningDomain, signer: PublicKey, compute: () -> Bool
    ) -> Bool {
        memo.result(
            for: Key(signer: signer, domain: domain.name, payload: payload, signature: signature),
            weight: payload.count, compute: compute)
    }
}

/// A ``SignatureScheme`` that signs with `base` and answers verifications from a shared
/// ``SignatureVerificationCache`` (computing with `base` on a miss). Simulation only: N simulated
/// replicas that receive the same signed message verify it once in the process.
public struct CachingSignatureScheme: SignatureScheme {
    /// The scheme that signs and verifies.
    public let base: any SignatureScheme
    /// The shared results.
    public let cache: SignatureVerificationCache

    /// Wraps `base`.
    public init(base: any SignatureScheme, cache: SignatureVerificationCache) {
        self.base = base
        self.cache = cache
    }

    public var name: String { base.name }

    public func sign(_ payload: [UInt8], domain: SigningDomain, key: SigningKey) -> Signature {
        base.sign(payload, domain: domain, key: key)
    }

    public func verify(_ signature: Signature, payload: [UInt8], domain: SigningDomain, signer: PublicKey) -> Bool {
        cache.result(signature: signature, payload: payload, domain: domain, signer: signer) {
            base.verify(signature, payload: payload, domain: domain, signer: signer)
        }
    }
}
