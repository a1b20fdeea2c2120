import SynodCore

/// The keys of the contract module's namespace in the ledger state. The first byte is the kind:
///
/// | prefix | rest | value |
/// |---|---|---|
/// | `0x01` | code hash (32 bytes) | the module's bytes |
/// | `0x02` | contract address (32 bytes) | ``ContractRecord`` |
/// | `0x03` | contract address (32 bytes), then the contract's key | the contract's value |
/// | `0x04` | block height (8 bytes, big-endian), transaction index (4 bytes, big-endian) | ``ContractReceipt`` |
/// | `0x05` | node ID (32 bytes) | the sender's next nonce (`UInt64`) |
///
/// Big-endian heights keep receipts in block order in the state's sorted key space.
public enum ContractStateKeys {
    /// The stored code of `codeHash`.
    public static func code(_ codeHash: Digest) -> [UInt8] { [0x01] + codeHash.bytes }
    /// The record of the contract at `address`.
    public static func contract(_ address: Digest) -> [UInt8] { [0x02] + address.bytes }
    /// The prefix of `address`'s storage.
    public static func storagePrefix(_ address: Digest) -> [UInt8] { [0x03] + address.bytes }
    /// `address`'s storage entry for `key`.
    public static func storage(_ address: Digest, _ key: [UInt8]) -> [UInt8] { storagePrefix(address) + key }
    /// The receipt of transaction `index` of the block at `height`.
    public static func receipt(height: UInt64, index: Int) -> [UInt8] {
        [0x04] + withUnsafeBytes(of: height.bigEndian, Array.init)
            + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)
    }
    /// The contract nonce of `sender`.
    public static func nonce(_ sender: NodeID) -> [UInt8] { [0x05] + sender.digest.bytes }

    /// The address of the contract `sender` deploys with `nonce`: SHA-256 of
    /// `canonical("synod/contract") ‖ sender ‖ nonce`.
    public static func address(sender: NodeID, nonce: UInt64) -> Digest {
        var encoder = CanonicalEncoder()
        encoder.encode("synod/contract")
        sender.encode(to: &encoder)
        encoder.encode(nonce)
        return Digest.sha256(encoder.bytes)
    }
}

/// A deployed contract: its code hash, deployer and deployment height.
public struct ContractRecord: Hashable, Sendable, CanonicalCodable {
    /// SHA-256 of the module.
    public let codeHash: Digest
    /// The deploying account.
    public let deployer: NodeID
    /// The height of the deploying block.
    public let height: UInt64

    /// Creates a record.
    public init(codeHash: Digest, deployer: NodeID, height: UInt64) {
        self.codeHash = codeHash
        self.deployer = deployer
        self.height = height
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        codeHash.encode(to: &encoder)
        deployer.encode(to: &encoder)
        encoder.encode(height)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        codeHash = try Digest(from: &decoder, field: field + ".codeHash")
        deployer = try NodeID(from: &decoder, field: field + ".deployer")
        height = try decoder.decodeUInt64(field + ".height")
    }
}
