import SynodCore
import SynodLedger

/// The signed content of a metered transaction (``ContractTransaction``, ``Layer2Transaction``):
/// the chain, the sender and its nonce, the fee, the fuel limit and the module's action, encoded
/// canonically in that order.
public struct MeteredTransactionBody<Action: Hashable & Sendable & CanonicalCodable>: Hashable, Sendable,
    CanonicalCodable
{
    /// The chain this transaction is for.
    public let chainID: String
    /// The sender's public key; its node ID pays the fee (and any bond the action locks).
    public let sender: PublicKey
    /// The sender's next nonce in the module (kept by the module, starting at 0).
    public let nonce: UInt64
    /// The fee in ledger tokens, paid to the block's proposer whatever the outcome.
    public let fee: UInt64
    /// The most fuel the transaction may use.
    public let gasLimit: UInt64
    /// What it does.
    public let action: Action

    /// Creates a body.
    public init(chainID: String, sender: PublicKey, nonce: UInt64, fee: UInt64, gasLimit: UInt64, action: Action) {
        self.chainID = chainID
        self.sender = sender
        self.nonce = nonce
        self.fee = fee
        self.gasLimit = gasLimit
        self.action = action
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(chainID)
        sender.encode(to: &encoder)
        encoder.encode(nonce)
        encoder.encode(fee)
        encoder.encode(gasLimit)
        action.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        chainID = try decoder.decodeString(field + ".chainID", maxCount: Genesis.maxChainIDLength)
        sender = try PublicKey(from: &decoder, field: field + ".sender")
        nonce = try decoder.decodeUInt64(field + ".nonce")
        fee = try decoder.decodeUInt64(field + ".fee")
        gasLimit = try decoder.decodeUInt64(field + ".gasLimit")
        action = try Action(from: &decoder, field: field + ".action")
    }
}
