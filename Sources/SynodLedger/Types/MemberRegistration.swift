import SynodCore

/// A node asking to join the permissioned network (SPDL §4.3.1: "a new coming node should have a
/// related tx being added to the blockchain before joining …, where tx contains … its pk, id, IP
/// address"). Leaders are elected by VRF, so the member's VRF public key is recorded too.
///
/// The registration is signed by the joining node's own key (proof of possession), in domain
/// ``MemberRegistration/signingDomain``, over the canonical bytes of ``Body``.
public struct MemberRegistration: Hashable, Sendable, CanonicalCodable {
    /// The signature domain of registrations.
    public static let signingDomain = SigningDomain("ledger/register")
    /// The longest accepted network address, in UTF-8 bytes.
    public static let maxAddressLength = 255

    /// The signed content of a registration.
    public struct Body: Hashable, Sendable, CanonicalCodable {
        /// The chain this registration is for (prevents replay on another chain).
        public let chainID: String
        /// The node's Ed25519 public key.
        public let publicKey: PublicKey
        /// The node's identity, which must equal SHA-256 of `publicKey`.
        public let nodeID: NodeID
        /// The node's network address, e.g. `"10.0.0.7:7000"`.
        public let address: String
        /// The node's VRF public key (32 opaque bytes, RFC 9381 ECVRF-EDWARDS25519).
        public let vrfPublicKey: [UInt8]

        /// Creates a body.
        public init(chainID: String, publicKey: PublicKey, address: String, vrfPublicKey: [UInt8]) {
            self.init(
                chainID: chainID, publicKey: publicKey, nodeID: publicKey.nodeID, address: address,
                vrfPublicKey: vrfPublicKey)
        }

        /// Creates a body with an explicit node ID (validated when applied).
        public init(chainID: String, publicKey: PublicKey, nodeID: NodeID, address: String, vrfPublicKey: [UInt8]) {
            self.chainID = chainID
            self.publicKey = publicKey
            self.nodeID = nodeID
            self.address = address
            self.vrfPublicKey = vrfPublicKey
        }

        public func encode(to encoder: inout CanonicalEncoder) {
            encoder.encode(chainID)
            publicKey.encode(to: &encoder)
            nodeID.encode(to: &encoder)
            encoder.encode(address)
            encoder.encode(fixedBytes: vrfPublicKey)
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            chainID = try decoder.decodeString(field + ".chainID", maxCount: Genesis.maxChainIDLength)
            publicKey = try PublicKey(from: &decoder, field: field + ".publicKey")
            nodeID = try NodeID(from: &decoder, field: field + ".nodeID")
            address = try decoder.decodeString(field + ".address", maxCount: MemberRegistration.maxAddressLength)
            vrfPublicKey = try decoder.decodeFixedBytes(field + ".vrfPublicKey", count: 32)
        }
    }

    /// What was signed.
    public let body: Body
    /// The joining node's signature over `body`.
    public let signature: Signature

    /// Wraps a body and its signature (not verified here).
    public init(body: Body, signature: Signature) {
        self.body = body
        self.signature = signature
    }

    /// Signs a registration with the joining node's key.
    public init(chainID: String, key: SigningKey, address: String, vrfPublicKey: [UInt8]) {
        let body = Body(chainID: chainID, publicKey: key.publicKey, address: address, vrfPublicKey: vrfPublicKey)
        self.init(body: body, signature: key.sign(body.canonicalBytes, domain: Self.signingDomain))
    }

    /// True if the signature by `body.publicKey` verifies.
    public var hasValidSignature: Bool {
        body.publicKey.isValidSignature(signature, for: body.canonicalBytes, domain: Self.signingDomain)
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
