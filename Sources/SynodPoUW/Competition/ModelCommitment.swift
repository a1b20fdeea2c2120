import SynodCore

/// A miner's commitment h⁽ⁱ⁾ to its model (§IV.C step 1c), posted on the ledger before the commit
/// deadline.
///
/// `h = SHA-256(SigningDomain.pouwModelCommitment.message(miner ‖ salt ‖ canonical(model)))`: the
/// hash domain string, the miner's 32-byte public key, a 32-byte secret salt, then the model's
/// canonical encoding (architecture identifier, parameter count, binary32 bit patterns
/// little-endian, ``PoUWModel``). The salt hides the model until it is published; the miner's key
/// makes a copied commitment worthless to anyone else. A one-bit change of any weight changes `h`.
public struct ModelCommitment: Hashable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The byte count of a salt.
    public static let saltByteCount = 32

    /// The committed digest.
    public let digest: Digest

    /// Wraps a digest.
    public init(digest: Digest) { self.digest = digest }

    /// The commitment of `miner` to `model` with `salt` (32 bytes; other lengths are malformed).
    public init(model: PoUWModel, salt: [UInt8], miner: PublicKey) throws(PoUWError) {
        guard salt.count == Self.saltByteCount else {
            throw PoUWError(.malformed, field: "salt", "a salt has \(Self.saltByteCount) bytes, got \(salt.count)")
        }
        var encoder = CanonicalEncoder(reservingCapacity: 80 + model.parameters.count * 4)
        encoder.encode(fixedBytes: miner.bytes)
        encoder.encode(fixedBytes: salt)
        encoder.encode(model)
        digest = Digest.sha256(SigningDomain.pouwModelCommitment.message(for: encoder.bytes))
    }

    /// True if `model` and `salt` open this commitment for `miner`.
    public func isOpened(by model: PoUWModel, salt: [UInt8], miner: PublicKey) -> Bool {
        (try? ModelCommitment(model: model, salt: salt, miner: miner)) == self
    }

    public func encode(to encoder: inout CanonicalEncoder) { digest.encode(to: &encoder) }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        digest = try Digest(from: &decoder, field: field)
    }

    public var description: String { digest.short }
}
