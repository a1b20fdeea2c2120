import SynodCore

/// **Not a signature scheme; simulation only.** A "signature" is SHA-512 of the signer's public
/// key and the domain-separated message, so anyone can compute it. It lets the bulk seed sweep
/// of the simulator run thousands of runs quickly in a debug build; the simulated Byzantine
/// replicas never compute other replicas' tags (they only use their own key), so within the
/// simulator it behaves like an unforgeable signature. A smaller set of seeds runs with
/// ``Ed25519Scheme``. Never use it in a node.
public struct SimulationSignatureScheme: SignatureScheme {
    /// Creates the scheme.
    public init() {}
    public var name: String { "simulation-sha512" }

    private func tag(_ payload: [UInt8], domain: SigningDomain, signer: PublicKey) -> Signature {
        var bytes = signer.bytes
        bytes.append(contentsOf: domain.message(for: payload))
        return Signature(bytes: Digest.sha512(bytes))!
    }

    public func sign(_ payload: [UInt8], domain: SigningDomain, key: SigningKey) -> Signature {
        tag(payload, domain: domain, signer: key.publicKey)
    }
    public func verify(_ signature: Signature, payload: [UInt8], domain: SigningDomain, signer: PublicKey) -> Bool {
        tag(payload, domain: domain, signer: signer) == signature
    }
}
