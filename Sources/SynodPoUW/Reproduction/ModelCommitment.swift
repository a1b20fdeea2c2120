import SynodCore

/// A miner's commitment h⁽ⁱ⁾ to its model (§IV.C step 1c).
public enum ModelCommitment: Sendable, Hashable {
    /// The notebook's `hash(w0 + w1)` (``PythonFloatHash``).
    case legacy(Int64)
    /// Salted SHA-256 over the canonical encoding of the weights' bit patterns.
    case sha256(Digest)
}
