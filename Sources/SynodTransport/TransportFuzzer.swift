import Crypto
import SynodCore

/// A seeded mutation fuzzer for the transport's input path: frame decoder → handshake (both roles)
/// → ChaCha20-Poly1305 → chunk reassembly. Runs in-process and sans-IO, so it is fast and every
/// finding is reproducible from `(seed, iteration)`.
///
/// Oracles, checked on every input:
/// 1. no crash: every failure is a ``TransportError``;
/// 2. integrity: the messages a mutated stream delivers are a prefix of the genuine messages
///    (nothing forged, reordered or replayed gets through);
/// 3. a mutated handshake Reply is never accepted unless it equals the genuine one;
/// 4. the unmutated streams are accepted in full (checked once per run).
public struct TransportFuzzer: Sendable {
    /// What a run did.
    public struct Report: Sendable, Equatable {
        /// Inputs tried.
        public var iterations = 0
        /// Mutated responder-side streams that were processed without any error.
        public var acceptedStreams = 0
        /// Rejections by reason, over both roles.
        public var rejected: [TransportError.Code: Int] = [:]
        /// Oracle violations (should be empty): a description per violation, at most 20 kept.
        public var violations: [String] = []
        /// Number of oracle violations.
        public var violationCount = 0

        /// Creates an empty report.
        public init() {}
    }

    /// Seed of the run.
    public let seed: UInt64
    let alice: SigningKey
    let bob: SigningKey
    let chainID = "fuzz-chain"
    let maxFrameBytes = 1024
    let aliceEphemeral: [UInt8]
    let bobEphemeral: [UInt8]
    /// The genuine initiator → responder byte stream (Hello, Finish, encrypted chunks).
    public let initiatorStream: [UInt8]
    /// The genuine responder → initiator Reply payload.
    public let replyPayload: [UInt8]
    /// The genuine messages, in the order the responder delivers them.
    public let messages: [[UInt8]]
    let frameStarts: [Int]
    /// The genuine chunk plaintexts and the sender state right after the handshake, for the
    /// malicious-member mode (validly encrypted but malformed chunks).
    let chunks: [[UInt8]]
    let handshakeBytes: [UInt8]
    let initialSender: SecureSender

    /// Builds the genuine handshake and traffic for `seed`.
    public init(seed: UInt64) throws(TransportError) {
        self.seed = seed
        var rng = SeededRandom(seed: seed).split("transport-fuzzer")
        alice = SigningKey(using: &rng)
        bob = SigningKey(using: &rng)
        var a = [UInt8](repeating: 0, count: 32)
        var b = [UInt8](repeating: 0, count: 32)
        rng.fill(&a)
        rng.fill(&b)
        aliceEphemeral = a
        bobEphemeral = b
        let initiator = HandshakeInitiator(
            identity: alice, chainID: chainID, expectedPeer: bob.nodeID, ephemeral: Self.ephemeral(a))
        var responder = Self.responder(bob, alice: alice.nodeID, chainID: chainID, ephemeral: b)
        let hello = initiator.hello.encoded()
        let reply = try responder.receive(hello: hello).encoded()
        let (finish, established) = try initiator.receive(reply: reply)
        var session = established
        var stream = FrameCodec.encode(hello) + FrameCodec.encode(finish.encoded())
        var starts = [0, 4 + hello.count]
        handshakeBytes = stream
        initialSender = session.sender
        var plaintexts: [[UInt8]] = []
        // Traffic: a vote, a 2.5 KiB bulk message in chunks with a vote in between, an empty message.
        var bulk = [UInt8](repeating: 0, count: 2500)
        rng.fill(&bulk)
        let chunkData = maxFrameBytes - MessageChunk.startHeaderBytes - SecureSender.tagBytes
        let outbox = PeerOutbox(policy: OutboundQueuePolicy(), chunkDataBytes: chunkData)
        let generation = outbox.attach().generation
        try outbox.enqueue([1, 2, 3], lane: .consensus)
        try outbox.enqueue(bulk, lane: .bulk)
        var delivered: [[UInt8]] = []
        var reassembler = MessageReassembler(maxMessageBytes: 1 << 20)
        var step = 0
        while let next = outbox.nextChunk(generation: generation) {
            step += 1
            if step == 2 {
                try outbox.enqueue([9], lane: .consensus)
                try outbox.enqueue([], lane: .consensus)
            }
            starts.append(stream.count)
            plaintexts.append(next.chunk)
            stream += FrameCodec.encode(try session.sender.seal(next.chunk))
            if let m = try reassembler.receive(next.chunk) { delivered.append(m.bytes) }
        }
        initiatorStream = stream
        replyPayload = reply
        messages = delivered
        frameStarts = starts
        chunks = plaintexts
    }

    static func ephemeral(_ raw: [UInt8]) -> Curve25519.KeyAgreement.PrivateKey {
        // 32 bytes is always a valid X25519 private key (RFC 7748 §5 clamps it).
        (try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)) ?? .init()
    }

    static func responder(_ bob: SigningKey, alice: NodeID, chainID: String, ephemeral: [UInt8]) -> HandshakeResponder {
        HandshakeResponder(
            identity: bob, chainID: chainID, isMember: { $0 == alice }, ephemeral: Self.ephemeral(ephemeral))
    }

    /// Feeds `stream` to a fresh responder in pieces cut at `cuts`; returns the delivered messages
    /// and the error that stopped it, if any.
    public func processResponderStream(_ stream: [UInt8], cuts: [Int]) -> (delivered: [[UInt8]], error: TransportError?)
    {
        var codec = FrameCodec(maxFrameBytes: maxFrameBytes)
        var responder = Self.responder(bob, alice: alice.nodeID, chainID: chainID, ephemeral: bobEphemeral)
        var phase = 0
        var receiver: SecureReceiver?
        var reassembler = MessageReassembler(maxMessageBytes: 1 << 20)
        var delivered: [[UInt8]] = []
        var start = 0
        do throws(TransportError) {
            for cut in cuts + [stream.count] where cut >= start && cut <= stream.count {
                codec.append(stream[start..<cut])
                start = cut
                while let frame = try codec.nextFrame() {
                    switch phase {
                    case 0:
                        _ = try responder.receive(hello: frame)
                        phase = 1
                    case 1:
                        receiver = try responder.receive(finish: frame).receiver
                        phase = 2
                    default:
                        guard var r = receiver else { return (delivered, nil) }
                        let plaintext = try r.open(frame)
                        receiver = r
                        if let m = try reassembler.receive(plaintext) { delivered.append(m.bytes) }
                    }
                }
            }
            try codec.finish()
            return (delivered, nil)
        } catch {
            return (delivered, error)
        }
    }

    /// Feeds a Reply payload to a fresh initiator.
    public func processReply(_ reply: [UInt8]) -> TransportError? {
        let initiator = HandshakeInitiator(
            identity: alice, chainID: chainID, expectedPeer: bob.nodeID, ephemeral: Self.ephemeral(aliceEphemeral))
        do throws(TransportError) {
            _ = try initiator.receive(reply: reply)
            return nil
        } catch {
            return error
        }
    }

    /// Runs until `shouldContinue(iterationsSoFar)` is false.
    public func run(shouldContinue: (Int) -> Bool) -> Report {
        var report = Report()
        func violation(_ text: String) {
            report.violationCount += 1
            if report.violations.count < 20 { report.violations.append(text) }
        }
        let genuine = processResponderStream(initiatorStream, cuts: [])
        if genuine.error != nil || genuine.delivered != messages {
            violation("the genuine stream was not accepted: \(String(describing: genuine.error))")
        }
        if let error = processReply(replyPayload) { violation("the genuine reply was refused: \(error)") }
        var rng = SeededRandom(seed: seed).split("mutations")
        while shouldContinue(report.iterations) {
            let iteration = report.iterations
            report.iterations += 1
            if rng.bernoulli(0.15) {
                var reply = replyPayload
                mutate(&reply, rng: &rng, frameStarts: [])
                if let error = processReply(reply) {
                    report.rejected[error.code, default: 0] += 1
                } else if reply != replyPayload {
                    violation("iteration \(iteration): a mutated reply was accepted")
                }
                continue
            }
            var stream: [UInt8]
            let maliciousMember = rng.bernoulli(0.2)
            if maliciousMember {
                // A member sends well-encrypted but malformed chunks: mutate plaintexts, then seal.
                var plain = chunks
                for _ in 0..<rng.uniformInt(in: 1...3) {
                    let i = rng.uniformInt(in: 0..<plain.count)
                    switch rng.uniformInt(in: 0...3) {
                    case 0: plain.remove(at: i)
                    case 1: plain.insert(plain[i], at: rng.uniformInt(in: 0...plain.count))
                    default: mutate(&plain[i], rng: &rng, frameStarts: [])
                    }
                    if plain.isEmpty { plain = [[0]] }
                }
                var sender = initialSender
                stream = handshakeBytes
                do throws(TransportError) {
                    for p in plain { stream += FrameCodec.encode(try sender.seal(p)) }
                } catch {
                    violation("iteration \(iteration): sealing failed: \(error)")
                }
            } else if rng.bernoulli(0.05) {
                stream = [UInt8](repeating: 0, count: rng.uniformInt(in: 0...2048))
                rng.fill(&stream)
            } else {
                stream = initiatorStream
                for _ in 0..<rng.uniformInt(in: 1...4) { mutate(&stream, rng: &rng, frameStarts: frameStarts) }
            }
            var cuts: [Int] = []
            if !stream.isEmpty {
                for _ in 0..<rng.uniformInt(in: 0...8) { cuts.append(rng.uniformInt(in: 0...stream.count)) }
                cuts.sort()
            }
            let outcome = processResponderStream(stream, cuts: cuts)
            if let error = outcome.error {
                report.rejected[error.code, default: 0] += 1
            } else {
                report.acceptedStreams += 1
            }
            if !maliciousMember
                && (outcome.delivered.count > messages.count
                    || Array(messages.prefix(outcome.delivered.count)) != outcome.delivered)
            {
                violation("iteration \(iteration): delivered messages are not a prefix of the genuine ones")
            }
            if stream == initiatorStream && (outcome.error != nil || outcome.delivered != messages) {
                violation("iteration \(iteration): an unmutated stream was refused")
            }
        }
        return report
    }

    /// One random structural or byte-level mutation.
    func mutate(_ bytes: inout [UInt8], rng: inout SeededRandom, frameStarts: [Int]) {
        let interesting: [UInt32] = [
            0, 1, 2, 3, 4, 5, 255, 256, 1023, 1024, 1025, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        ]
        let choice = rng.uniformInt(in: 0...8)
        if bytes.isEmpty {
            bytes = [UInt8(truncatingIfNeeded: rng.next())]
            return
        }
        let at = rng.uniformInt(in: 0..<bytes.count)
        switch choice {
        case 0:  // bit flip
            bytes[at] ^= UInt8(1) << UInt8(rng.uniformInt(in: 0...7))
        case 1:  // interesting byte
            bytes[at] = [0, 0xFF, 0x7F, 0x80, 1][rng.uniformInt(in: 0...4)]
        case 2:  // rewrite a length prefix
            let starts = frameStarts.filter { $0 + 4 <= bytes.count }
            let position =
                starts.isEmpty ? min(at, max(0, bytes.count - 4)) : starts[rng.uniformInt(in: 0..<starts.count)]
            guard position + 4 <= bytes.count else { return }
            let value = interesting[rng.uniformInt(in: 0..<interesting.count)]
            for i in 0..<4 { bytes[position + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        case 3:  // delete a range
            let end = min(bytes.count, at + rng.uniformInt(in: 1...64))
            bytes.removeSubrange(at..<end)
        case 4:  // insert random bytes
            var insert = [UInt8](repeating: 0, count: rng.uniformInt(in: 1...32))
            rng.fill(&insert)
            bytes.insert(contentsOf: insert, at: at)
        case 5:  // duplicate a range (replay)
            let end = min(bytes.count, at + rng.uniformInt(in: 1...1100))
            bytes.insert(contentsOf: Array(bytes[at..<end]), at: rng.uniformInt(in: 0...bytes.count))
        case 6:  // truncate
            bytes.removeSubrange(at..<bytes.count)
        case 7:  // swap two whole frames (reorder)
            let starts = frameStarts.filter { $0 < bytes.count }
            guard starts.count >= 3 else { return }
            let i = rng.uniformInt(in: 0..<(starts.count - 2))
            let (a, b, c) = (starts[i], starts[i + 1], min(bytes.count, starts[i + 2]))
            bytes.replaceSubrange(a..<c, with: Array(bytes[b..<c]) + Array(bytes[a..<b]))
        default:  // random byte
            bytes[at] = UInt8(truncatingIfNeeded: rng.next())
        }
    }
}
