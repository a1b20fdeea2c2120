import SynodCore

/// Remembers which (signer, signature, domain, bytes) tuples verified, so a simulation verifies
/// each distinct signed message once however many replicas receive it (DESIGN: "signatures are
/// checked outside the core"). Replicas ask it instead of verifying themselves.
public struct SignatureCache: Sendable {
    private var valid = Set<Digest>()
    private var invalid = Set<Digest>()
    /// Ed25519 verifications actually performed.
    public private(set) var verifications = 0

    /// An empty cache.
    public init() {}

    /// True if `signature` by `signer` over `bytes` in `domain` verifies.
    public mutating func isValid(signer: PublicKey, signature: Signature, bytes: [UInt8], domain: SigningDomain) -> Bool
    {
        var e = CanonicalEncoder(reservingCapacity: bytes.count + 128)
        e.encode(domain.name)
        signer.encode(to: &e)
        signature.encode(to: &e)
        e.encode(fixedBytes: bytes)
        let key = Digest.sha256(e.bytes)
        if valid.contains(key) { return true }
        if invalid.contains(key) { return false }
        verifications += 1
        let ok = signer.isValidSignature(signature, for: bytes, domain: domain)
        if ok { valid.insert(key) } else { invalid.insert(key) }
        return ok
    }

    /// Checks a signed envelope in `domain`.
    public mutating func isValid<T>(_ signed: Signed<T>, domain: SigningDomain) -> Bool {
        isValid(signer: signed.signer, signature: signed.signature, bytes: signed.payloadBytes, domain: domain)
    }

    /// Checks a signed consensus vote.
    public mutating func isValid(_ vote: SignedVote) -> Bool {
        isValid(signer: vote.voter, signature: vote.signature, bytes: vote.vote.canonicalBytes, domain: .consensusVote)
    }
}
