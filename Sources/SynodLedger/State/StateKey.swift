import SynodCore

/// A key of the ledger state's Merkle-ized sorted map. The first byte is the namespace:
///
/// | prefix | namespace | rest of the key | value |
/// |---|---|---|---|
/// | `0x00` | chain metadata | UTF-8 name: `chainID`, `height`, `timestamp`, `totalSupply` | canonical `String` / `UInt64` |
/// | `0x01` | protocol parameters | UTF-8 parameter key | canonical `String` |
/// | `0x02` | accounts | 32-byte node ID | ``LedgerState/Account`` |
/// | `0x03` | member registry | 32-byte node ID | ``LedgerState/Member`` |
/// | `0x10` | protocol modules | canonical `String` module name, then the module's own key | module bytes |
///
/// Keys are ordered byte-lexicographically; that order is the leaf order of the state tree.
public struct StateKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The key's bytes.
    public let bytes: [UInt8]

    /// Wraps raw key bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// A chain-metadata key.
    public static func meta(_ name: String) -> StateKey { StateKey(bytes: [0x00] + Array(name.utf8)) }
    /// A protocol-parameter key.
    public static func parameter(_ key: String) -> StateKey { StateKey(bytes: [0x01] + Array(key.utf8)) }
    /// An account's key.
    public static func account(_ id: NodeID) -> StateKey { StateKey(bytes: [0x02] + id.digest.bytes) }
    /// A member's key.
    public static func member(_ id: NodeID) -> StateKey { StateKey(bytes: [0x03] + id.digest.bytes) }
    /// A key in a protocol module's namespace.
    public static func module(_ name: String, _ key: [UInt8]) -> StateKey {
        var encoder = CanonicalEncoder()
        encoder.encode(UInt8(0x10))
        encoder.encode(name)
        encoder.encode(fixedBytes: key)
        return StateKey(bytes: encoder.bytes)
    }

    public static func < (lhs: StateKey, rhs: StateKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public var description: String { Hex.encode(bytes) }
}
