import Crypto

/// An Ed25519 signing key (the 32-byte RFC 8032 seed), a node's long-term identity secret.
public struct SigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey
    /// The matching public key.
    public let publicKey: PublicKey

    /// A new key from the operating system's secure random generator.
    public init() {
        key = Curve25519.Signing.PrivateKey()
        publicKey = PublicKey(key: key.publicKey)
    }

    /// A key from its 32-byte seed (e.g. drawn from a seeded RNG in the simulator).
    public init(seed: [UInt8]) throws(IdentityError) {
        guard seed.count == 32 else {
            throw IdentityError(.invalidSecretKey, "a secret key seed has 32 bytes, got \(seed.count)")
        }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw IdentityError(.invalidSecretKey, "not an Ed25519 seed: \(error)")
        }
        publicKey = PublicKey(key: key.publicKey)
    }

    /// A deterministic key drawn from `rng` (simulations and tests only).
    public init(using rng: inout SeededRandom) {
        var seed = [UInt8](repeating: 0, count: 32)
        rng.fill(&seed)
        // A 32-byte seed is always a valid Ed25519 secret key.
        try! self.init(seed: seed)
    }

    /// The 32-byte seed. Handle with care.
    public var seed: [UInt8] { Array(key.rawRepresentation) }

    /// The node identity of this key.
    public var nodeID: NodeID { publicKey.nodeID }

    /// Signs `payload` in `domain` (deterministic on Linux: BoringSSL implements RFC 8032).
    public func sign<Bytes: Collection<UInt8>>(_ payload: Bytes, domain: SigningDomain) -> Signature {
        // Signing with a valid key cannot fail.
        let raw = try! key.signature(for: domain.message(for: payload))
        return Signature(bytes: Array(raw))!
    }
}
