import Crypto
import SynodCore

/// The sans-IO authenticated key exchange of the Synod transport: ephemeral X25519 (RFC 7748),
/// HKDF-SHA256 (RFC 5869) and an Ed25519 (RFC 8032) signature by each side over the transcript
/// hash, in the style of SIGMA / ISO 9798-3 "sign both ephemerals and both identities"
/// (design and threat model: `docs/network.md`).
///
/// No I/O: the caller moves the encoded messages over a connection and feeds the replies back.
public enum Handshake {
    /// Domain separation for the transcript signatures.
    public static let signingDomain = SigningDomain("net/handshake")
    /// The label that starts the transcript hash input.
    public static let transcriptLabel = Array("synod/net/handshake/v1".utf8)
    /// The HKDF `info` for the two traffic keys.
    public static let keyInfo = Array("synod/net/v1 traffic keys".utf8)
    /// Role tag the initiator prefixes to the transcript hash before signing (reflection protection).
    public static let initiatorTag: UInt8 = 0x49
    /// Role tag the responder prefixes to the transcript hash before signing (reflection protection).
    public static let responderTag: UInt8 = 0x52

    /// What a completed handshake yields: the authenticated peer and the two directional ciphers.
    public struct Result: Sendable {
        /// The authenticated peer identity.
        public let peer: PublicKey
        /// The transcript hash (binds the session; for logging and tests).
        public let transcriptHash: SynodCore.Digest
        /// Encrypts what this side sends.
        public var sender: SecureSender
        /// Decrypts what this side receives.
        public var receiver: SecureReceiver

        /// The peer's NodeID.
        public var peerID: NodeID { peer.nodeID }
    }

    /// The transcript hash `th = SHA-256(label ‖ version ‖ |chainID| ‖ chainID ‖ e_I ‖ e_R ‖ pk_I ‖ pk_R)`.
    public static func transcriptHash(
        version: UInt16, chainID: [UInt8], initiatorEphemeral: [UInt8], responderEphemeral: [UInt8],
        initiator: PublicKey, responder: PublicKey
    ) -> SynodCore.Digest {
        var input = transcriptLabel
        input.append(UInt8(truncatingIfNeeded: version))
        input.append(UInt8(truncatingIfNeeded: version >> 8))
        input.append(UInt8(truncatingIfNeeded: chainID.count))
        input.append(contentsOf: chainID)
        input.append(contentsOf: initiatorEphemeral)
        input.append(contentsOf: responderEphemeral)
        input.append(contentsOf: initiator.bytes)
        input.append(contentsOf: responder.bytes)
        return SynodCore.Digest.sha256(input)
    }

    /// X25519 then HKDF-SHA256(ikm = shared secret, salt = th, info = ``keyInfo``, L = 64):
    /// the first 32 bytes key initiator→responder traffic, the last 32 responder→initiator.
    static func trafficKeys(
        privateKey: Curve25519.KeyAgreement.PrivateKey, peerEphemeral: [UInt8], transcript: SynodCore.Digest
    ) throws(TransportError) -> (initiatorToResponder: SymmetricKey, responderToInitiator: SymmetricKey) {
        let shared: SharedSecret
        do {
            let peerKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: peerEphemeral)
            shared = try privateKey.sharedSecretFromKeyAgreement(with: peerKey)
        } catch {
            throw TransportError(.invalidEphemeralKey, "X25519 with the peer's ephemeral key failed: \(error)")
        }
        // RFC 7748 §6.1: an all-zero output means a low-order peer key; refuse it.
        let allZero = shared.withUnsafeBytes { raw in raw.allSatisfy { $0 == 0 } }
        if allZero {
            throw TransportError(.invalidEphemeralKey, "the peer's ephemeral key has low order (all-zero secret)")
        }
        let okm = shared.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: transcript.bytes, sharedInfo: keyInfo, outputByteCount: 64)
        let bytes: [UInt8] = okm.withUnsafeBytes { raw in raw.map { $0 } }
        return (SymmetricKey(data: bytes[0..<32]), SymmetricKey(data: bytes[32..<64]))
    }

    static func signedPayload(tag: UInt8, transcript: SynodCore.Digest) -> [UInt8] {
        [tag] + transcript.bytes
    }
}

/// The dialing side of ``Handshake``: sends Hello, receives Reply, sends Finish.
public struct HandshakeInitiator: Sendable {
    private let identity: SigningKey
    private let chainID: [UInt8]
    private let expectedPeer: NodeID
    private let ephemeral: Curve25519.KeyAgreement.PrivateKey

    /// Starts a handshake towards `expectedPeer`.
    /// - Parameter ephemeral: the ephemeral key; fresh random by default (inject for deterministic fuzzing).
    public init(
        identity: SigningKey, chainID: String, expectedPeer: NodeID,
        ephemeral: Curve25519.KeyAgreement.PrivateKey = .init()
    ) {
        self.identity = identity
        self.chainID = Array(chainID.utf8.prefix(HandshakeMessages.maxChainIDBytes))
        self.expectedPeer = expectedPeer
        self.ephemeral = ephemeral
    }

    /// The Hello payload to send first.
    public var hello: HandshakeMessages.Hello {
        HandshakeMessages.Hello(
            version: HandshakeMessages.version, chainID: chainID,
            ephemeral: Array(ephemeral.publicKey.rawRepresentation), identity: identity.publicKey)
    }

    /// Processes the responder's Reply; returns the Finish payload and the session.
    ///
    /// Checks, in order: parse, version, that the responder is the expected peer (which implies a
    /// member, since only members are dialed), the responder's signature, then X25519.
    public func receive(reply bytes: [UInt8]) throws(TransportError) -> (
        finish: HandshakeMessages.Finish, result: Handshake.Result
    ) {
        let reply = try HandshakeMessages.Reply(parsing: bytes)
        guard reply.version == HandshakeMessages.version else {
            throw TransportError(
                .protocolMismatch, "reply: version \(reply.version), expected \(HandshakeMessages.version)")
        }
        if reply.identity == identity.publicKey {
            throw TransportError(.selfConnection, "reply: the responder presented our own identity")
        }
        guard reply.identity.nodeID == expectedPeer else {
            throw TransportError(
                .unexpectedPeer, "reply: dialed \(expectedPeer), the responder is \(reply.identity.nodeID)")
        }
        let myEphemeral = Array(ephemeral.publicKey.rawRepresentation)
        let th = Handshake.transcriptHash(
            version: HandshakeMessages.version, chainID: chainID, initiatorEphemeral: myEphemeral,
            responderEphemeral: reply.ephemeral, initiator: identity.publicKey, responder: reply.identity)
        guard
            reply.identity.isValidSignature(
                reply.signature, for: Handshake.signedPayload(tag: Handshake.responderTag, transcript: th),
                domain: Handshake.signingDomain)
        else {
            throw TransportError(.badSignature, "reply: the responder's transcript signature does not verify")
        }
        let keys = try Handshake.trafficKeys(privateKey: ephemeral, peerEphemeral: reply.ephemeral, transcript: th)
        let signature = identity.sign(
            Handshake.signedPayload(tag: Handshake.initiatorTag, transcript: th), domain: Handshake.signingDomain)
        let result = Handshake.Result(
            peer: reply.identity, transcriptHash: th, sender: SecureSender(key: keys.initiatorToResponder),
            receiver: SecureReceiver(key: keys.responderToInitiator))
        return (HandshakeMessages.Finish(signature: signature), result)
    }
}

/// The accepting side of ``Handshake``: receives Hello, sends Reply, receives Finish.
public struct HandshakeResponder: Sendable {
    private let identity: SigningKey
    private let chainID: [UInt8]
    private let isMember: @Sendable (NodeID) -> Bool
    private let ephemeral: Curve25519.KeyAgreement.PrivateKey
    private var pending: (hello: HandshakeMessages.Hello, transcript: SynodCore.Digest)?

    /// Waits for a Hello from any member for which `isMember` is true.
    public init(
        identity: SigningKey, chainID: String, isMember: @escaping @Sendable (NodeID) -> Bool,
        ephemeral: Curve25519.KeyAgreement.PrivateKey = .init()
    ) {
        self.identity = identity
        self.chainID = Array(chainID.utf8.prefix(HandshakeMessages.maxChainIDBytes))
        self.isMember = isMember
        self.ephemeral = ephemeral
    }

    /// The member an accepted Hello named (not yet authenticated: only Finish proves it); `nil`
    /// before a Hello is accepted.
    public var claimedPeer: NodeID? { pending?.hello.identity.nodeID }

    /// Processes the initiator's Hello and returns the Reply to send.
    ///
    /// Refuses non-members *before* signing anything, so a non-member cannot obtain our signature.
    public mutating func receive(hello bytes: [UInt8]) throws(TransportError) -> HandshakeMessages.Reply {
        guard pending == nil else {
            throw TransportError(.malformedHandshake, "hello: received twice")
        }
        let hello = try HandshakeMessages.Hello(parsing: bytes)
        guard hello.version == HandshakeMessages.version else {
            throw TransportError(
                .protocolMismatch, "hello: version \(hello.version), expected \(HandshakeMessages.version)")
        }
        guard hello.chainID == chainID else {
            throw TransportError(.protocolMismatch, "hello: the initiator is on another chain")
        }
        if hello.identity == identity.publicKey {
            throw TransportError(.selfConnection, "hello: the initiator presented our own identity")
        }
        guard isMember(hello.identity.nodeID) else {
            throw TransportError(.notAMember, "hello: \(hello.identity.nodeID) is not in the member set")
        }
        let myEphemeral = Array(ephemeral.publicKey.rawRepresentation)
        let th = Handshake.transcriptHash(
            version: HandshakeMessages.version, chainID: chainID, initiatorEphemeral: hello.ephemeral,
            responderEphemeral: myEphemeral, initiator: hello.identity, responder: identity.publicKey)
        pending = (hello, th)
        let signature = identity.sign(
            Handshake.signedPayload(tag: Handshake.responderTag, transcript: th), domain: Handshake.signingDomain)
        return HandshakeMessages.Reply(
            version: HandshakeMessages.version, ephemeral: myEphemeral, identity: identity.publicKey,
            signature: signature)
    }

    /// Processes the initiator's Finish: verifies its signature and derives the session.
    public func receive(finish bytes: [UInt8]) throws(TransportError) -> Handshake.Result {
        guard let (hello, th) = pending else {
            throw TransportError(.malformedHandshake, "finish: received before hello")
        }
        let finish = try HandshakeMessages.Finish(parsing: bytes)
        guard
            hello.identity.isValidSignature(
                finish.signature, for: Handshake.signedPayload(tag: Handshake.initiatorTag, transcript: th),
                domain: Handshake.signingDomain)
        else {
            throw TransportError(.badSignature, "finish: the initiator's transcript signature does not verify")
        }
        let keys = try Handshake.trafficKeys(privateKey: ephemeral, peerEphemeral: hello.ephemeral, transcript: th)
        return Handshake.Result(
            peer: hello.identity, transcriptHash: th, sender: SecureSender(key: keys.responderToInitiator),
            receiver: SecureReceiver(key: keys.initiatorToResponder))
    }
}
