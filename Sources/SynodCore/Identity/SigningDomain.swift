/// Domain separation for signatures: every signed message is prefixed by a domain string, so a
/// signature made for one purpose (a PBFT commit vote, a gradient, a transaction) can never be
/// replayed as another.
///
/// The signed bytes are `canonical(String("synod/v1/" + domain)) ‖ payload`.
public struct SigningDomain: Hashable, Sendable, CustomStringConvertible {
    /// The domain name, e.g. `"pbft/commit"`.
    public let name: String

    /// Creates a domain.
    public init(_ name: String) { self.name = name }

    public var description: String { name }

    /// The bytes actually signed for `payload` in this domain.
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
