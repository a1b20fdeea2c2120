/// Domain separation for signatures: every signed message is prefixed by a domain string, so a
/// signature made for one purpose (a PBFT commit vote, a gradient, a transaction) can never be
/// replayed as another.
///
/// The signed bytes are `canonical(String("synod/v1/" + name)) ‖ payload`, i.e. the `UInt32`
/// little-endian byte count of the UTF-8 prefix `synod/v1/<name>`, that prefix, then the payload
/// bytes unchanged. The length prefix makes the split between domain and payload unambiguous, so no
/// (domain, payload) pair can collide with another.
public struct SigningDomain: Hashable, Sendable, CustomStringConvertible {
    /// The domain name, e.g. `"pbft/commit"`.
    public let name: String

    /// Creates a domain (a short, stable, `/`-separated name such as `"pbft/commit"`).
    public init(_ name: String) { self.name = name }

    /// The domain name.
    public var description: String { name }

    /// The bytes actually signed for `payload` in this domain: `u32le(len) ‖ "synod/v1/<name>" ‖ payload`.
    public func message<Bytes: Collection<UInt8>>(for payload: Bytes) -> [UInt8] {
        var encoder = CanonicalEncoder(reservingCapacity: payload.count + 32)
        encoder.encode("synod/v1/" + name)
        encoder.encode(fixedBytes: payload)
        return encoder.bytes
    }

    /// A signed canonical envelope (``Signed``).
    public static let envelope = SigningDomain("envelope")
    /// A ledger transaction.
    public static let transaction = SigningDomain("ledger/transaction")
    /// A consensus vote (see ``ConsensusVote``).
    public static let consensusVote = SigningDomain("consensus/vote")
}
