import SynodCore
import SynodTransport

/// `HandshakeResponder`: the input is a Hello and a Finish (a 2-byte length splits them). Any
/// failure must be a `TransportError`; a Finish can never be accepted, as no fuzzer input carries the
/// member's signature over a fresh transcript.
enum HandshakeHarness {
    static let responder: SigningKey = {
        var rng = SeededRandom(seed: 1)
        return SigningKey(using: &rng)
    }()
    static let member: SigningKey = {
        var rng = SeededRandom(seed: 2)
        return SigningKey(using: &rng)
    }()

    static func run(_ bytes: [UInt8]) {
        let split = bytes.count >= 2 ? min(bytes.count, 2 + (Int(bytes[0]) | Int(bytes[1]) << 8)) : bytes.count
        let hello = Array(bytes[min(2, bytes.count)..<split])
        let finish = Array(bytes[split...])
        let memberID = member.nodeID
        var handshake = HandshakeResponder(
            identity: responder, chainID: "fuzz-chain", isMember: { $0 == memberID })
        do {
            _ = try handshake.receive(hello: hello)
            precondition(handshake.claimedPeer == memberID, "a Hello naming a non-member was accepted")
            _ = try handshake.receive(finish: finish)
            preconditionFailure("a fuzzed Finish was accepted")
        } catch {}
        _ = try? HandshakeMessages.Hello(parsing: bytes)
        _ = try? HandshakeMessages.Reply(parsing: bytes)
        _ = try? HandshakeMessages.Finish(parsing: bytes)
    }
}
