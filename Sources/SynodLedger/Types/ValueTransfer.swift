import SynodCore

/// A transfer of `amount` units from the sender's account to another account, signed by the sender
/// in ``SigningDomain/transaction`` over the canonical bytes of ``Body``.
///
/// Accounts are named by ``NodeID`` (SHA-256 of the owner's public key). `nonce` must equal the
/// sender account's next nonce (0 for its first transfer), which makes every transfer apply at most once.
public struct ValueTransfer: Hashable, Sendable, CanonicalCodable {
    /// The signed content of a transfer.
    public struct Body: Hashable, Sendable, CanonicalCodable {
        /// The chain this transfer is for (prevents replay on another chain).
        public let chainID: String
        /// The sender's public key; the debited account is its node ID.
        public let from: PublicKey
        /// The credited account.
        public let to: NodeID
        /// The amount moved.
        public let amount: UInt64
        /// The sender's next nonce.
        public let nonce: UInt64

        /// Creates a body.
        public init(chainID: String, from: PublicKey, to: NodeID, amount: UInt64, nonce: UInt64) {
            self.chainID = chainID
            self.from = from
            self.to = to
            self.amount = amount
            self.nonce = nonce
        }

        public func encode(to encoder: inout CanonicalEncoder) {
            encoder.encode(chainID)
            from.encode(to: &encoder)
            to.encode(to: &encoder)
            encoder.encode(amount)
            encoder.encode(nonce)
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            chainID = try decoder.decodeString(field + ".chainID", maxCount: Genesis.maxChainIDLength)
            from = try PublicKey(from: &decoder, field: field + ".from")
            to = try NodeID(from: &decoder, field: field + ".to")
            amount = try decoder.decodeUInt64(field + ".amount")
            nonce = try decoder.decodeUInt64(field + ".nonce")
        }
    }

    /// What was signed.
    public let body: Body
    /// The sender's signature over `body`.
    public let signature: Signature

    /// Wraps a body and its signature (not verified here).
    public init(body: Body, signature: Signature) {
        self.body = body
        self.signature = signature
    }

    /// Signs a transfer with the sender's key.
    public init(chainID: String, from key: SigningKey, to: NodeID, amount: UInt64, nonce: UInt64) {
        let body = Body(chainID: chainID, from: key.publicKey, to: to, amount: amount, nonce: nonce)
        self.init(body: body, signature: key.sign(body.canonicalBytes, domain: .transaction))
    }

    /// True if the sender's signature verifies.
    public var hasValidSignature: Bool {
        body.from.isValidSignature(signature, for: body.canonicalBytes, domain: .transaction)
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        body.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        body = try Body(from: &decoder, field: field + ".body")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
