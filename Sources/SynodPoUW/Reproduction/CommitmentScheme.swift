import SynodCore

/// How miners commit to their models (§IV.C step 1c) and how the block check (ii) verifies it.
public enum CommitmentScheme: String, Sendable, Hashable, Codable, CaseIterable {
    /// The notebook's Python `hash(w0 + w1)`: not cryptographic, and any two models with the same
    /// float sum w0 + w1 collide. Kept only to demonstrate that flaw.
    case legacy
    /// SHA-256 over a domain tag, a 32-byte salt and the canonical encoding of (w0, w1) (their
    /// IEEE-754 bit patterns): a one-bit change of a weight changes the commitment.
    case sha256

    /// The domain tag hashed before the salt.
    public static let domain = "synod.pouw.reproduction.model-commitment.v1"

    /// The commitment to `model` with `salt` (ignored by ``legacy``), or `nil` when the legacy hash
    /// of w0 + w1 is undefined (a NaN sum).
    public func commit(_ model: LinearModel, salt: [UInt8]) -> ReproductionCommitment? {
        switch self {
        case .legacy:
            return PythonFloatHash.hash(model.w0 + model.w1).map(ReproductionCommitment.legacy)
        case .sha256:
            var encoder = CanonicalEncoder()
            encoder.encode(Self.domain)
            encoder.encode(bytes: salt)
            encoder.encode(model)
            return .sha256(Digest.sha256(encoder.bytes))
        }
    }

    /// Check (ii) of §IV.C step 3f: the published `model` with `salt` matches `commitment`.
    public func verify(_ model: LinearModel, salt: [UInt8], against commitment: ReproductionCommitment) -> Bool {
        commit(model, salt: salt) == commitment
    }
}
