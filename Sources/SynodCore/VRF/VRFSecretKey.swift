/// An ECVRF-EDWARDS25519-SHA512-TAI secret key (RFC 9381 suite 0x03): a 32-byte RFC 8032 secret
/// from which the secret scalar x and the nonce prefix are derived (RFC 8032 §5.1.5).
///
/// Keep VRF keys separate from Ed25519 identity keys (``SigningKey``): the two schemes derive
/// the same scalar and nonce prefix from a seed, and reusing one seed for both is not analysed.
/// The secret material lives in one heap buffer that is zeroed when the last copy is released.
public struct VRFSecretKey: Sendable {
    /// The matching public key Y = x·B.
    public let publicKey: VRFPublicKey
    private let storage: SecretStorage

    /// A key from its 32-byte RFC 8032 secret; throws ``VRFError`` (`invalidLength`) otherwise.
    public init(seed: [UInt8]) throws(VRFError) {
        guard seed.count == 32 else {
            throw VRFError(.invalidLength, "a VRF secret key has 32 bytes, got \(seed.count)")
        }
        let (scalar, prefix) = ECVRF.expandSecret(seed)
        storage = SecretStorage(seed: seed, scalar: scalar, prefix: prefix)
        let point = EdwardsPoint.multiplyBase(scalar)
        publicKey = VRFPublicKey(validatedPoint: point, bytes: point.encoded)
    }

    /// A new key from the operating system's secure random generator (`SystemRandomNumberGenerator`).
    public init() {
        var generator = SystemRandomNumberGenerator()
        var seed = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        // 32 bytes are always a valid secret.
        try! self.init(seed: seed)
        ECVRF.wipe(&seed)
    }

    /// A deterministic key drawn from `rng` (simulations and tests only).
    public init(using rng: inout SeededRandom) {
        var seed = [UInt8](repeating: 0, count: 32)
        rng.fill(&seed)
        // 32 bytes are always a valid secret.
        try! self.init(seed: seed)
        ECVRF.wipe(&seed)
    }

    /// The 32-byte secret. Handle with care.
    public var seed: [UInt8] { storage.seed }

    /// ECVRF_prove (RFC 9381 §5.1): the proof pi for input `alpha` (any bytes, possibly empty).
    /// Deterministic: the same key and alpha always give the same proof.
    public func prove(_ alpha: [UInt8]) -> VRFProof {
        let pi = ECVRF.prove(
            scalar: storage.scalar, prefix: storage.prefix, publicKey: publicKey.bytes, alpha: alpha)
        // A freshly made proof always decodes.
        return try! VRFProof(bytes: pi)
    }
}

/// The secret bytes of a ``VRFSecretKey``, zeroed on release.
///
/// `@unchecked Sendable`: the buffers are written only in `init` and `deinit`, never while shared.
private final class SecretStorage: @unchecked Sendable {
    private(set) var seed: [UInt8]
    private(set) var prefix: [UInt8]
    private(set) var scalar: Scalar

    init(seed: [UInt8], scalar: Scalar, prefix: [UInt8]) {
        self.seed = seed
        self.scalar = scalar
        self.prefix = prefix
    }

    deinit {
        ECVRF.wipe(&seed)
        ECVRF.wipe(&prefix)
        scalar = .zero
    }
}
