import Crypto
import Testing

@testable import SynodTransport

@Suite("SecureSender and SecureReceiver")
struct TCPSecureChannelTests {
    let key = SymmetricKey(data: [UInt8](repeating: 9, count: 32))

    @Test("frames decrypt in order and each uses a new nonce")
    func roundTrip() throws {
        var sender = SecureSender(key: key)
        var receiver = SecureReceiver(key: key)
        let a = try sender.seal([1, 2, 3])
        let b = try sender.seal([1, 2, 3])
        #expect(a != b)  // same plaintext, different nonce
        #expect(a.count == 3 + SecureSender.tagBytes)
        #expect(try receiver.open(a) == [1, 2, 3])
        #expect(try receiver.open(b) == [1, 2, 3])
        #expect(sender.counter == 2 && receiver.counter == 2)
    }

    @Test("a flipped bit, a replay, a reordering or a short frame fails to authenticate")
    func tamperReplayReorder() throws {
        var sender = SecureSender(key: key)
        let first = try sender.seal(Array("hello".utf8))
        let second = try sender.seal(Array("world".utf8))
        for index in first.indices {
            var tampered = first
            tampered[index] ^= 0x01
            var receiver = SecureReceiver(key: key)
            #expect(throws: TransportError(.decryptionFailed, "")) { try receiver.open(tampered) }
        }
        var reorder = SecureReceiver(key: key)
        #expect(throws: TransportError(.decryptionFailed, "")) { try reorder.open(second) }
        var replay = SecureReceiver(key: key)
        _ = try replay.open(first)
        #expect(throws: TransportError(.decryptionFailed, "")) { try replay.open(first) }
        var short = SecureReceiver(key: key)
        #expect(throws: TransportError(.decryptionFailed, "")) { try short.open([1, 2, 3]) }
    }

    @Test("the sender refuses to reuse a nonce when the counter reaches its limit")
    func nonceExhaustion() throws {
        var sender = SecureSender(key: key, counter: UInt64.max - 2, limit: UInt64.max - 1)
        var receiver = SecureReceiver(key: key, counter: UInt64.max - 2)
        #expect(try receiver.open(try sender.seal([1])) == [1])
        #expect(try receiver.open(try sender.seal([2])) == [2])
        #expect(throws: TransportError(.nonceExhausted, "")) { try sender.seal([3]) }
        #expect(throws: TransportError(.nonceExhausted, "")) { try receiver.open([UInt8](repeating: 0, count: 17)) }
    }
}
