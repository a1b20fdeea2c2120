import SynodCore

/// The receipt of one Layer-2 transaction, stored under its block height and index
/// (``Layer2StateKeys/receipt(height:index:)``) and covered by the state root.
public struct Layer2Receipt: Hashable, Sendable, CanonicalCodable {
    /// The sender.
    public let sender: NodeID
    /// The action's name (``Layer2Transaction/Action/name``).
    public let action: String
    /// The failure, or `nil` on success.
    public let error: Layer2Error?
    /// For a segment proof: whether the commitment was shown wrong.
    public let fraudProven: Bool?
    /// The fuel used: base, bytes posted, and any re-execution.
    public let fuelUsed: UInt64
    /// The bytes posted (the payload's body and blobs).
    public let bytesPosted: UInt64
    /// The fee charged.
    public let fee: UInt64

    /// Creates a receipt.
    public init(
        sender: NodeID, action: String, error: Layer2Error?, fraudProven: Bool? = nil, fuelUsed: UInt64,
        bytesPosted: UInt64, fee: UInt64
    ) {
        self.sender = sender
        self.action = action
        self.error = error
        self.fraudProven = fraudProven
        self.fuelUsed = fuelUsed
        self.bytesPosted = bytesPosted
        self.fee = fee
    }

    /// True if the transaction took effect.
    public var succeeded: Bool { error == nil }

    public func encode(to encoder: inout CanonicalEncoder) {
        sender.encode(to: &encoder)
        encoder.encode(action)
        encoder.encode(optional: error)
        encoder.encode(UInt8(fraudProven.map { $0 ? 2 : 1 } ?? 0))
        encoder.encode(fuelUsed)
        encoder.encode(bytesPosted)
        encoder.encode(fee)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        sender = try NodeID(from: &decoder, field: field + ".sender")
        action = try decoder.decodeString(field + ".action", maxCount: 32)
        error = try decoder.decodeOptional(Layer2Error.self, field + ".error")
        let proven = try decoder.decodeTag(field + ".fraudProven", known: 0...2)
        fraudProven = proven == 0 ? nil : proven == 2
        fuelUsed = try decoder.decodeUInt64(field + ".fuelUsed")
        bytesPosted = try decoder.decodeUInt64(field + ".bytesPosted")
        fee = try decoder.decodeUInt64(field + ".fee")
    }
}
