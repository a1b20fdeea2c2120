import SynodCore

/// The keys of the Layer-2 module's namespace. The first byte is the kind:
///
/// | prefix | rest | value |
/// |---|---|---|
/// | `0x01` | commitment ID (32 bytes) | ``Layer2CommitmentRecord`` |
/// | `0x02` | commitment ID, challenger (32 + 32 bytes) | ``Layer2Dispute`` |
/// | `0x04` | block height (8 bytes, big-endian), transaction index (4 bytes, big-endian) | ``Layer2Receipt`` |
/// | `0x05` | node ID (32 bytes) | the sender's next nonce (`UInt64`) |
public enum Layer2StateKeys {
    /// The record of commitment `id`.
    public static func commitment(_ id: Digest) -> [UInt8] { [0x01] + id.bytes }
    /// The prefix of every dispute on commitment `id`.
    public static func disputePrefix(_ id: Digest) -> [UInt8] { [0x02] + id.bytes }
    /// The dispute of `challenger` on commitment `id`.
    public static func dispute(_ id: Digest, _ challenger: NodeID) -> [UInt8] {
        disputePrefix(id) + challenger.digest.bytes
    }
    /// The receipt of transaction `index` of the block at `height`.
    public static func receipt(height: UInt64, index: Int) -> [UInt8] {
        [0x04] + withUnsafeBytes(of: height.bigEndian, Array.init)
            + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)
    }
    /// The Layer-2 nonce of `sender`.
    public static func nonce(_ sender: NodeID) -> [UInt8] { [0x05] + sender.digest.bytes }

    /// The ID of the commitment `operator` posts with `nonce`: SHA-256 of
    /// `canonical("synod/layer2/commitment") ‖ operator ‖ nonce`.
    public static func commitmentID(operator sender: NodeID, nonce: UInt64) -> Digest {
        var encoder = CanonicalEncoder()
        encoder.encode("synod/layer2/commitment")
        sender.encode(to: &encoder)
        encoder.encode(nonce)
        return Digest.sha256(encoder.bytes)
    }

    /// The account holding the bonds: SHA-256 of `"synod/layer2/escrow"`, which no key controls.
    public static let escrow = NodeID(digest: Digest.sha256(Array("synod/layer2/escrow".utf8)))
}
