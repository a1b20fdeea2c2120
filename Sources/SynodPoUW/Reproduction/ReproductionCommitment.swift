import SynodCore

/// A miner's commitment h⁽ⁱ⁾ to its model in the reproduction (§IV.C step 1c); the protocol on the
/// ledger uses ``ModelCommitment``.
public enum ReproductionCommitment: Sendable, Hashable {
    /// The notebook's `hash(w0 + w1)` (``PythonFloatHash``).
    case legacy(Int64)
    /// Salted SHA-256 over the canonical encoding of the weights' bit patterns.
    case sha256(Digest)
}
