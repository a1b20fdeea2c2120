import SynodCore

/// The three plaintext handshake messages of the Synod transport (see `docs/network.md`).
///
/// ```
/// 1. Hello   I → R : magic ‖ version ‖ chainID ‖ e_I ‖ pk_I
/// 2. Reply   R → I : magic ‖ version ‖ e_R ‖ pk_R ‖ sig_R("R" ‖ th)
/// 3. Finish  I → R : sig_I("I" ‖ th)
/// th = SHA-256(label ‖ version ‖ chainID ‖ e_I ‖ e_R ‖ pk_I ‖ pk_R)
/// ```
///
/// Each message travels as one length-prefixed frame (``FrameCodec``). Parsing is strict: exact
/// lengths, fixed magic; any deviation is ``TransportError/Code/malformedHandshake``.
public enum HandshakeMessages {
    /// "SYND": the first four bytes of Hello and Reply.
    public static let magic: [UInt8] = [0x53, 0x59, 0x4E, 0x44]
    /// The wire protocol version this build speaks.
    public static let version: UInt16 = 1
    /// The longest chain identifier accepted, in UTF-8 bytes.
    public static let maxChainIDBytes = 64
    /// Bytes of an X25519 public key (RFC 7748 §5).
    public static let ephemeralKeyBytes = 32

    /// The first message: the initiator's ephemeral key and claimed identity.
    public struct Hello: Sendable, Equatable {
        /// The protocol version the initiator speaks.
        public var version: UInt16
        /// The chain (network) identifier, UTF-8.
        public var chainID: [UInt8]
        /// The initiator's ephemeral X25519 public key.
        public var ephemeral: [UInt8]
        /// The initiator's Ed25519 identity public key.
        public var identity: PublicKey

        /// Encodes the message payload (without the frame prefix).
        public func encoded() -> [UInt8] {
            var out = HandshakeMessages.magic
            out.append(UInt8(truncatingIfNeeded: version))
            out.append(UInt8(truncatingIfNeeded: version >> 8))
            out.append(UInt8(truncatingIfNeeded: chainID.count))
            out.append(contentsOf: chainID)
            out.append(contentsOf: ephemeral)
            out.append(contentsOf: identity.bytes)
            return out
        }

        /// Memberwise initializer.
        public init(version: UInt16, chainID: [UInt8], ephemeral: [UInt8], identity: PublicKey) {
            self.version = version
            self.chainID = chainID
            self.ephemeral = ephemeral
            self.identity = identity
        }

        /// Parses a Hello payload strictly.
        public init(parsing bytes: [UInt8]) throws(TransportError) {
            var reader = ByteReader(bytes: bytes, message: "hello")
            try reader.expectMagic()
            version = try reader.u16("version")
            let chainLength = Int(try reader.u8("chainID length"))
            guard chainLength <= HandshakeMessages.maxChainIDBytes else {
                throw TransportError(
                    .malformedHandshake, "hello: chainID length \(chainLength) > \(HandshakeMessages.maxChainIDBytes)")
            }
            chainID = try reader.take(chainLength, "chainID")
            ephemeral = try reader.take(HandshakeMessages.ephemeralKeyBytes, "ephemeral key")
            identity = try reader.publicKey("identity key")
            try reader.finish()
        }
    }

    /// The second message: the responder's ephemeral key, identity and transcript signature.
    public struct Reply: Sendable, Equatable {
        /// The protocol version the responder speaks.
        public var version: UInt16
        /// The responder's ephemeral X25519 public key.
        public var ephemeral: [UInt8]
        /// The responder's Ed25519 identity public key.
        public var identity: PublicKey
        /// The responder's signature over `"R" ‖ th`.
        public var signature: Signature

        /// Memberwise initializer.
        public init(version: UInt16, ephemeral: [UInt8], identity: PublicKey, signature: Signature) {
            self.version = version
            self.ephemeral = ephemeral
            self.identity = identity
            self.signature = signature
        }

        /// Encodes the message payload (without the frame prefix).
        public func encoded() -> [UInt8] {
            var out = HandshakeMessages.magic
            out.append(UInt8(truncatingIfNeeded: version))
            out.append(UInt8(truncatingIfNeeded: version >> 8))
            out.append(contentsOf: ephemeral)
            out.append(contentsOf: identity.bytes)
            out.append(contentsOf: signature.bytes)
            return out
        }

        /// Parses a Reply payload strictly.
        public init(parsing bytes: [UInt8]) throws(TransportError) {
            var reader = ByteReader(bytes: bytes, message: "reply")
            try reader.expectMagic()
            version = try reader.u16("version")
            ephemeral = try reader.take(HandshakeMessages.ephemeralKeyBytes, "ephemeral key")
            identity = try reader.publicKey("identity key")
            signature = try reader.signature("signature")
            try reader.finish()
        }
    }

    /// The third message: the initiator's transcript signature.
    public struct Finish: Sendable, Equatable {
        /// The initiator's signature over `"I" ‖ th`.
        public var signature: Signature

        /// Memberwise initializer.
        public init(signature: Signature) { self.signature = signature }

        /// Encodes the message payload (without the frame prefix).
        public func encoded() -> [UInt8] { signature.bytes }

        /// Parses a Finish payload strictly.
        public init(parsing bytes: [UInt8]) throws(TransportError) {
            var reader = ByteReader(bytes: bytes, message: "finish")
            signature = try reader.signature("signature")
            try reader.finish()
        }
    }
}

/// A strict little-endian reader for handshake messages; every failure is `malformedHandshake`.
struct ByteReader {
    let bytes: [UInt8]
    let message: String
    var offset = 0

    init(bytes: [UInt8], message: String) {
        self.bytes = bytes
        self.message = message
    }

    func fail(_ field: String, _ what: String) -> TransportError {
        TransportError(.malformedHandshake, "\(message).\(field) at offset \(offset): \(what)")
    }

    mutating func take(_ count: Int, _ field: String) throws(TransportError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw fail(field, "needs \(count) bytes, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func u8(_ field: String) throws(TransportError) -> UInt8 { try take(1, field)[0] }

    mutating func u16(_ field: String) throws(TransportError) -> UInt16 {
        let b = try take(2, field)
        return UInt16(b[0]) | UInt16(b[1]) << 8
    }

    mutating func expectMagic() throws(TransportError) {
        let m = try take(HandshakeMessages.magic.count, "magic")
        guard m == HandshakeMessages.magic else { throw fail("magic", "not a Synod handshake") }
    }

    mutating func publicKey(_ field: String) throws(TransportError) -> PublicKey {
        let b = try take(PublicKey.byteCount, field)
        do {
            return try PublicKey(bytes: b)
        } catch {
            throw fail(field, "not an Ed25519 public key")
        }
    }

    mutating func signature(_ field: String) throws(TransportError) -> Signature {
        let b = try take(Signature.byteCount, field)
        guard let s = Signature(bytes: b) else { throw fail(field, "not a signature") }
        return s
    }

    func finish() throws(TransportError) {
        guard offset == bytes.count else { throw fail("end", "\(bytes.count - offset) trailing bytes") }
    }
}
