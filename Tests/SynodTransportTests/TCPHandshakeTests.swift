import Crypto
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodTransport

@Suite("Handshake")
struct TCPHandshakeTests {
    static func keys(_ count: Int, seed: UInt64 = 1) -> [SigningKey] {
        TestKeys.signing(count, seed: seed)
    }

    let alice: SigningKey
    let bob: SigningKey
    let mallory: SigningKey

    init() {
        let k = Self.keys(3)
        (alice, bob, mallory) = (k[0], k[1], k[2])
    }

    func responder(_ key: SigningKey, members: Set<NodeID>, chain: String = "test") -> HandshakeResponder {
        HandshakeResponder(identity: key, chainID: chain, isMember: { members.contains($0) })
    }

    @Test("both sides authenticate each other and derive matching directional keys")
    func success() throws {
        let initiator = HandshakeInitiator(identity: alice, chainID: "test", expectedPeer: bob.nodeID)
        var r = responder(bob, members: [alice.nodeID])
        let reply = try r.receive(hello: initiator.hello.encoded())
        let (finish, established) = try initiator.receive(reply: reply.encoded())
        var a = established
        var b = try r.receive(finish: finish.encoded())
        #expect(a.peerID == bob.nodeID && b.peerID == alice.nodeID)
        #expect(a.transcriptHash == b.transcriptHash)
        let toBob = try a.sender.seal([1, 2, 3])
        #expect(try b.receiver.open(toBob) == [1, 2, 3])
        let toAlice = try b.sender.seal([4])
        #expect(try a.receiver.open(toAlice) == [4])
        // The directions use different keys: a frame cannot be reflected back to its sender.
        var reflected = a.receiver
        #expect(throws: TransportError(.decryptionFailed, "")) { try reflected.open(try a.sender.seal([5])) }
    }

    @Test("a non-member is refused at Hello, before the responder signs anything")
    func nonMember() throws {
        let initiator = HandshakeInitiator(identity: mallory, chainID: "test", expectedPeer: bob.nodeID)
        var r = responder(bob, members: [alice.nodeID])
        #expect(throws: TransportError(.notAMember, "")) { try r.receive(hello: initiator.hello.encoded()) }
    }

    @Test("a responder that is not the dialed peer is refused")
    func unexpectedPeer() throws {
        let initiator = HandshakeInitiator(identity: alice, chainID: "test", expectedPeer: bob.nodeID)
        var r = responder(mallory, members: [alice.nodeID])
        let reply = try r.receive(hello: initiator.hello.encoded())
        #expect(throws: TransportError(.unexpectedPeer, "")) { try initiator.receive(reply: reply.encoded()) }
    }

    @Test("a substituted ephemeral key or identity breaks the signature (man in the middle)")
    func manInTheMiddle() throws {
        let initiator = HandshakeInitiator(identity: alice, chainID: "test", expectedPeer: bob.nodeID)
        var r = responder(bob, members: [alice.nodeID, mallory.nodeID])
        var reply = try r.receive(hello: initiator.hello.encoded())
        reply.ephemeral = Array(Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation)
        #expect(throws: TransportError(.badSignature, "")) { try initiator.receive(reply: reply.encoded()) }

        // Mallory relays Alice's Hello under her own identity: Bob's signature then covers pk_Mallory,
        // which Alice's transcript does not contain (identity misbinding is detected).
        var hello = initiator.hello
        hello.identity = mallory.publicKey
        var r2 = responder(bob, members: [alice.nodeID, mallory.nodeID])
        let relayed = try r2.receive(hello: hello.encoded())
        #expect(throws: TransportError(.badSignature, "")) { try initiator.receive(reply: relayed.encoded()) }
    }

    @Test("the responder's signature cannot be reflected as the initiator's Finish")
    func reflection() throws {
        let initiator = HandshakeInitiator(identity: alice, chainID: "test", expectedPeer: bob.nodeID)
        var r = responder(bob, members: [alice.nodeID])
        let reply = try r.receive(hello: initiator.hello.encoded())
        let reflected = HandshakeMessages.Finish(signature: reply.signature)
        #expect(throws: TransportError(.badSignature, "")) { try r.receive(finish: reflected.encoded()) }
    }

    @Test("a forged Finish, another chain, another version, or our own identity are refused")
    func otherRefusals() throws {
        let initiator = HandshakeInitiator(identity: alice, chainID: "test", expectedPeer: bob.nodeID)
        var r = responder(bob, members: [alice.nodeID])
        _ = try r.receive(hello: initiator.hello.encoded())
        let forged = HandshakeMessages.Finish(signature: mallory.sign([1], domain: Handshake.signingDomain))
        #expect(throws: TransportError(.badSignature, "")) { try r.receive(finish: forged.encoded()) }

        var other = responder(bob, members: [alice.nodeID], chain: "other")
        #expect(throws: TransportError(.protocolMismatch, "")) { try other.receive(hello: initiator.hello.encoded()) }
        var v2 = initiator.hello
        v2.version = 2
        var r3 = responder(bob, members: [alice.nodeID])
        #expect(throws: TransportError(.protocolMismatch, "")) { try r3.receive(hello: v2.encoded()) }
        let selfDial = HandshakeInitiator(identity: bob, chainID: "test", expectedPeer: bob.nodeID)
        var r4 = responder(bob, members: [bob.nodeID])
        #expect(throws: TransportError(.selfConnection, "")) { try r4.receive(hello: selfDial.hello.encoded()) }
    }

    @Test("a low-order ephemeral key is refused (RFC 7748 §6.1 all-zero check)")
    func lowOrder() throws {
        let initiator = HandshakeInitiator(identity: alice, chainID: "test", expectedPeer: bob.nodeID)
        var hello = initiator.hello
        hello.ephemeral = [UInt8](repeating: 0, count: 32)  // the identity point: all-zero secret
        var r = responder(bob, members: [alice.nodeID])
        let reply = try r.receive(hello: hello.encoded())
        // A genuine Finish cannot exist, so sign the transcript as Alice would to reach the key check.
        let th = Handshake.transcriptHash(
            version: 1, chainID: Array("test".utf8), initiatorEphemeral: hello.ephemeral,
            responderEphemeral: reply.ephemeral,
            initiator: alice.publicKey, responder: bob.publicKey)
        let finish = HandshakeMessages.Finish(
            signature: alice.sign([Handshake.initiatorTag] + th.bytes, domain: Handshake.signingDomain))
        #expect(throws: TransportError(.invalidEphemeralKey, "")) { try r.receive(finish: finish.encoded()) }
    }

    @Test("truncated, extended and random handshake messages are malformed, never a crash")
    func malformed() throws {
        let initiator = HandshakeInitiator(identity: alice, chainID: "test", expectedPeer: bob.nodeID)
        let hello = initiator.hello.encoded()
        for cut in 0..<hello.count {
            var r = responder(bob, members: [alice.nodeID])
            #expect(throws: TransportError(.malformedHandshake, "")) { try r.receive(hello: Array(hello[0..<cut])) }
        }
        var r = responder(bob, members: [alice.nodeID])
        #expect(throws: TransportError(.malformedHandshake, "")) { try r.receive(hello: hello + [0]) }
        var rng = SeededRandom(seed: 3)
        for _ in 0..<500 {
            var bytes = [UInt8](repeating: 0, count: rng.uniformInt(in: 0...200))
            rng.fill(&bytes)
            var r = responder(bob, members: [alice.nodeID])
            #expect(throws: TransportError.self) { try r.receive(hello: bytes) }
            #expect(throws: TransportError.self) { try initiator.receive(reply: bytes) }
        }
    }
}
