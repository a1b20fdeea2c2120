import Crypto

/// An Ed25519 signing key (RFC 8032 §5.1.5: the 32-byte secret seed), a node's long-term identity
/// secret.
///
/// Every signature is made over ``SigningDomain/message(for:)`` (a domain prefix followed by the
/// payload), never over the bare payload. `description` never shows the secret.
public struct SigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let key: Curve25519.Signing.PrivateKey
    /// The matching public key.
    public let publicKey: PublicKey

    /// The byte count of a secret seed.
    public static let seedByteCount = 32

    /// A new key from the operating system's secure random generator.
    public init() {
        key = Curve25519.Signing.PrivateKey()
        publicKey = PublicKey(key: key.publicKey)
    }

    /// A key from its 32-byte RFC 8032 seed; throws ``IdentityError/Code/invalidSecretKey`` for any
    /// other length.
    public init(seed: [UInt8]) throws(IdentityError) {
        guard seed.count == SigningKey.seedByteCount else {
            throw IdentityError(.invalidSecretKey, "a secret key seed has 32 bytes, got \(seed.count)")
        }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw IdentityError(.invalidSecretKey, "not an Ed25519 seed: \(error)")
        }
        publicKey = PublicKey(key: key.publicKey)
    }

    /// A deterministic key whose seed is the next 32 bytes of `rng` (``SeededRandom/fill(_:)``);
    /// for simulations and tests only, never for real nodes.
    public init(using rng: inout SeededRandom) {
        var seed = [UInt8](repeating: 0, count: SigningKey.seedByteCount)
        rng.fill(&seed)
        // Every 32-byte string is a valid Ed25519 seed (RFC 8032 §5.1.5), so this cannot fail.
        try! self.init(seed: seed)
    }

    /// The 32-byte seed. Handle with care.
    public var seed: [UInt8] { Array(key.rawRepresentation) }

    /// The node identity of this key.
    public var nodeID: NodeID { publicKey.nodeID }

    /// Signs `domain.message(for: payload)` (RFC 8032 Ed25519; deterministic with swift-crypto's
    /// BoringSSL backend on Linux, randomized by CryptoKit on Apple platforms: both verify the same).
    public func sign<Bytes: Collection<UInt8>>(_ payload: Bytes, domain: SigningDomain) -> Signature {
        // BoringSSL's ED25519_sign cannot fail for a valid key and in-memory message.
        let raw = try! key.signature(for: domain.message(for: payload))
        return Signature(bytes: Array(raw))!
    }

    /// `SigningKey(node <short node ID>)`: never the secret.
    public var description: String { "SigningKey(node \(nodeID))" }
    /// Same as ``description``: never the secret.
    public var debugDescription: String { description }
    /// Shows only the public key and node ID to `dump` and debuggers.
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey, "nodeID": nodeID]) }
}
