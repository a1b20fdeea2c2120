extension PublicKey {
    /// True if the key is the canonical encoding of an edwards25519 point of full order, i.e. it
    /// decodes (RFC 8032 §5.1.3, y < p, on the curve) and 8·A is not the identity. Keys of small order
    /// (the 8 torsion points) make signatures that verify for more than one message under
    /// cofactorless verification, so a signer using one could later deny what it signed; a member set
    /// (genesis) should contain only full-order keys. Cost: one point decompression and three
    /// doublings, so it is checked where members are admitted, not on every message.
    public var isFullOrderPoint: Bool {
        guard let point = try? EdwardsPoint(encoded: bytes) else { return false }
        return !point.hasSmallOrder
    }
}
