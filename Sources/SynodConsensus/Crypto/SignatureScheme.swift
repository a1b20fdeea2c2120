import SynodCore

/// How consensus messages are signed and verified: real Ed25519 for nodes and benchmarks, or a
/// fast deterministic stand-in for bulk simulation sweeps (``SimulationSignatureScheme``).
///
/// Every signature is domain separated (``SigningDomain``); the same scheme signs envelopes and
/// votes, so a certificate is checked with the scheme that made it.
public protocol SignatureScheme: Sendable {
    /// A short name for logs and JSON (`"ed25519"`, `"simulation-sha512"`).
    var name: String { get }
    /// Signs `payload` in `domain` with `key`.
    func sign(_ payload: [UInt8], domain: SigningDomain, key: SigningKey) -> Signature
    /// True if `signature` by `signer` over `payload` in `domain` is valid.
    func verify(_ signature: Signature, payload: [UInt8], domain: SigningDomain, signer: PublicKey) -> Bool
}

/// Ed25519 (RFC 8032) through ``SigningKey`` / ``PublicKey``: the scheme every real node uses.
public struct Ed25519Scheme: SignatureScheme {
    /// Creates the scheme.
    public init() {}
    public var name: String { "ed25519" }
    public func sign(_ payload: [UInt8], domain: SigningDomain, key: SigningKey) -> Signature {
        key.sign(payload, domain: domain)
    }
    public func verify(_ signature: Signature, payload: [UInt8], domain: SigningDomain, signer: PublicKey) -> Bool {
        signer.isValidSignature(signature, for: payload, domain: domain)
    }
}
