import Crypto

/// The 96-bit ChaCha20-Poly1305 nonce for a message counter: four zero bytes then the counter as
/// `u64` little-endian (RFC 8439 §2.8 leaves the construction to the protocol; this is WireGuard's).
func chachaNonce(_ counter: UInt64) -> ChaChaPoly.Nonce {
    var bytes = [UInt8](repeating: 0, count: 12)
    for i in 0..<8 { bytes[4 + i] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(i))) }
    // 12 bytes is always a valid ChaChaPoly nonce size.
    // Cannot fail: the only error is a size other than 12 bytes.
    return try! ChaChaPoly.Nonce(data: bytes)
}

/// Encrypts the frames one side sends: ChaCha20-Poly1305 (RFC 8439) with one key per direction and
/// a per-direction counter nonce that is never reused; refuses to seal once the counter would wrap.
public struct SecureSender: Sendable {
    private let key: SymmetricKey
    /// The nonce counter of the next frame.
    public private(set) var counter: UInt64
    /// The last counter value that may be used; sealing beyond it throws ``TransportError/Code/nonceExhausted``.
    public let limit: UInt64

    /// Creates a sender starting at `counter` (0 for a new session; other values only for tests).
    public init(key: SymmetricKey, counter: UInt64 = 0, limit: UInt64 = UInt64.max - 1) {
        self.key = key
        self.counter = counter
        self.limit = limit
    }

    /// Bytes the AEAD tag adds to each frame.
    public static let tagBytes = 16

    /// Seals `plaintext` as `ciphertext ‖ tag` under the next nonce.
    public mutating func seal(_ plaintext: [UInt8]) throws(TransportError) -> [UInt8] {
        guard counter <= limit else {
            throw TransportError(.nonceExhausted, "send counter reached \(counter); the connection must be closed")
        }
        let nonce = chachaNonce(counter)
        counter += 1
        do {
            let box = try ChaChaPoly.seal(plaintext, using: key, nonce: nonce)
            return Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw TransportError(.nonceExhausted, "ChaCha20-Poly1305 seal failed: \(error)")
        }
    }
}

/// Decrypts the frames one side receives; any failure (tampering, replay, reordering, garbage)
/// is ``TransportError/Code/decryptionFailed`` because the expected nonce is implicit.
public struct SecureReceiver: Sendable {
    private let key: SymmetricKey
    /// The nonce counter expected for the next frame.
    public private(set) var counter: UInt64
    /// The last counter value accepted.
    public let limit: UInt64

    /// Creates a receiver starting at `counter` (0 for a new session).
    public init(key: SymmetricKey, counter: UInt64 = 0, limit: UInt64 = UInt64.max - 1) {
        self.key = key
        self.counter = counter
        self.limit = limit
    }

    /// Opens `ciphertext ‖ tag` under the next expected nonce.
    public mutating func open(_ frame: [UInt8]) throws(TransportError) -> [UInt8] {
        guard counter <= limit else {
            throw TransportError(.nonceExhausted, "receive counter reached \(counter)")
        }
        guard frame.count >= SecureSender.tagBytes else {
            throw TransportError(.decryptionFailed, "frame of \(frame.count) bytes is shorter than the tag")
        }
        let split = frame.count - SecureSender.tagBytes
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: chachaNonce(counter), ciphertext: frame[0..<split], tag: frame[split...])
            let plaintext = try ChaChaPoly.open(box, using: key)
            counter += 1
            return Array(plaintext)
        } catch {
            throw TransportError(.decryptionFailed, "frame \(counter) failed to authenticate")
        }
    }
}
