import NIOCore
import SynodCore
import Testing

@testable import SynodTransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loopback tests of ``TCPTransport``: real sockets on 127.0.0.1, every transport shut down at the end.
@Suite("TCPTransport", .serialized)
struct TCPTransportTests {
    typealias S = TCPTestSupport

    static func payload(_ tag: UInt8, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ tag }
    }

    @Test("two endpoints exchange messages in both lanes, in order per lane")
    func twoEndpoints() async throws {
        let keys = S.keys(2, seed: 11)
        let t = try await S.startCluster(keys)
        try await S.withTransports(t) {
            let bulk = Self.payload(1, count: 300_000)
            try await t[0].send([1], to: keys[1].nodeID, lane: .consensus)
            try await t[0].send(bulk, to: keys[1].nodeID, lane: .bulk)
            try await t[0].send([2], to: keys[1].nodeID, lane: .consensus)
            try await t[1].send([3], to: keys[0].nodeID, lane: .consensus)
            try await t[1].send(Self.payload(2, count: 70_000), to: keys[0].nodeID, lane: .bulk)
            let atB = await S.receive(t[1], count: 3)
            let atA = await S.receive(t[0], count: 2)
            #expect(atB.filter { $0.lane == .consensus }.map(\.bytes) == [[1], [2]])
            #expect(atB.filter { $0.lane == .bulk }.map(\.bytes) == [bulk])
            #expect(atB.allSatisfy { $0.from == keys[0].nodeID })
            #expect(Set(atA.map(\.bytes)) == [[3], Self.payload(2, count: 70_000)])
            #expect(atA.allSatisfy { $0.from == keys[1].nodeID })
            #expect(t[0].counters.totalRejected == 0 && t[1].counters.totalRejected == 0)
            #expect(t[1].counters.messagesReceived[.bulk] == 1)
        }
    }

    @Test("four endpoints: every pair exchanges a consensus and a bulk message")
    func fourEndpoints() async throws {
        let keys = S.keys(4, seed: 12)
        let t = try await S.startCluster(keys)
        try await S.withTransports(t) {
            for (i, sender) in t.enumerated() {
                #expect(await sender.broadcast([UInt8(i)], lane: .consensus).isEmpty)
                #expect(await sender.broadcast(Self.payload(UInt8(i), count: 100_000 + i), lane: .bulk).isEmpty)
            }
            for (j, receiver) in t.enumerated() {
                let got = await S.receive(receiver, count: 6)
                #expect(got.count == 6)
                for (i, key) in keys.enumerated() where i != j {
                    let fromI = got.filter { $0.from == key.nodeID }
                    #expect(fromI.filter { $0.lane == .consensus }.map(\.bytes) == [[UInt8(i)]])
                    #expect(
                        fromI.filter { $0.lane == .bulk }.map(\.bytes) == [Self.payload(UInt8(i), count: 100_000 + i)])
                }
                #expect(await receiver.connectedPeers.count == 3)
                #expect(receiver.counters.totalRejected == 0)
            }
            // One connection per pair: the lower NodeID dialed, nobody was replaced.
            let dialed = t.map { $0.counters.connectionsDialed }
            #expect(dialed.reduce(0, +) == 6)
            #expect(t.allSatisfy { $0.counters.connectionsReplaced == 0 })
        }
    }

    @Test("a consensus message queued during a 20 MB bulk transfer goes out in the very next frame")
    func bulkDoesNotDelayConsensus() async throws {
        let keys = S.keys(2, seed: 13)
        let t = try await S.startCluster(keys)
        let b = keys[1].nodeID
        try await S.withTransports(t) {
            #expect(await t[0].waitForConnections(to: [b], timeout: .seconds(20)))
            let bulk = Self.payload(9, count: 20_000_000)
            try await t[0].send(bulk, to: b, lane: .bulk)
            let started = await S.eventually { await t[0].framesSent(to: b) >= 4 }
            #expect(started)
            let position = try await t[0].send([0xCC], to: b, lane: .consensus)
            let got = await S.receive(t[1], count: 2, timeout: .seconds(60))
            let vote = try #require(got.first { $0.lane == .consensus })
            let big = try #require(got.first { $0.lane == .bulk })
            // Consensus first: the vote is the frame right after those already handed to the socket.
            #expect(vote.frameIndex == position + 1)
            let totalFrames = UInt64(
                (20_000_000 + t[0].configuration.chunkDataBytes - 1) / t[0].configuration.chunkDataBytes)
            #expect(position < totalFrames)  // sent while the bulk message was still in flight
            #expect(big.frameIndex == totalFrames + 1)  // bulk frames plus the one vote frame
            #expect(big.bytes == bulk)
        }
    }

    @Test("a non-member's handshake is refused before the responder signs anything")
    func nonMemberRefused() async throws {
        let keys = S.keys(2, seed: 14)
        let t = try await S.startCluster(keys)
        // A non-member with a lower NodeID than the member it targets, so its transport dials.
        let mallory = try #require(S.keys(16, seed: 99).first { $0.nodeID < keys[1].nodeID })
        try await S.withTransports(t) {
            let port = try #require(await t[1].boundPort)
            let outcome = try await TCPRawClient.session(port: port) { inbound, outbound in
                let hello = HandshakeInitiator(identity: mallory, chainID: S.chain, expectedPeer: keys[1].nodeID).hello
                try await TCPRawClient.write(FrameCodec.encode(hello.encoded()), outbound)
                return await TCPRawClient.readUntilClosed(&inbound)
            }
            #expect(!outcome.watchdogFired)
            #expect(outcome.value.isEmpty)  // no Reply, hence no signature, reached the non-member
            #expect(await S.eventually { t[1].counters.rejected(.notAMember) == 1 })
            // A transport with a non-member identity that dials a member is refused the same way.
            var config = S.configuration(mallory)
            config.members = [keys[1].nodeID: PeerAddress(host: "127.0.0.1", port: port)]
            let intruder = try TCPTransport(configuration: config)
            try await S.withTransports([intruder]) {
                try await intruder.start()
                #expect(await S.eventually { t[1].counters.rejected(.notAMember) >= 2 })
                #expect(await intruder.connectedPeers.isEmpty)
                #expect(intruder.counters.handshakesCompleted == 0)
            }
        }
    }

    @Test("a dialed node that is not the expected peer is refused")
    func wrongExpectedPeer() async throws {
        let keys = S.keys(3, seed: 15)
        let (a, b, c) = (keys[0], keys[1], keys[2])
        let tc = try TCPTransport(configuration: S.configuration(c))
        let cPort = try await tc.start()
        await tc.updateMembers([a.nodeID: PeerAddress(host: "127.0.0.1", port: 1)])
        var config = S.configuration(a)
        config.members = [b.nodeID: PeerAddress(host: "127.0.0.1", port: cPort)]  // b's entry points at c
        let ta = try TCPTransport(configuration: config)
        try await S.withTransports([ta, tc]) {
            try await ta.start()
            #expect(await S.eventually { ta.counters.rejected(.unexpectedPeer) >= 1 })
            #expect(await ta.connectedPeers.isEmpty)
        }
    }

    @Test("a tampered ciphertext closes the connection and is counted")
    func tamperedCiphertext() async throws {
        let keys = S.keys(2, seed: 16)
        let (alice, bob) = (keys[0], keys[1])  // alice is the lower NodeID: bob never dials her
        let tb = try TCPTransport(configuration: S.configuration(bob))
        let port = try await tb.start()
        await tb.updateMembers([alice.nodeID: PeerAddress(host: "127.0.0.1", port: 1)])
        try await S.withTransports([tb]) {
            let outcome = try await TCPRawClient.session(port: port) { inbound, outbound in
                let initiator = HandshakeInitiator(identity: alice, chainID: S.chain, expectedPeer: bob.nodeID)
                try await TCPRawClient.write(FrameCodec.encode(initiator.hello.encoded()), outbound)
                var codec = FrameCodec(maxFrameBytes: 1 << 16)
                let reply = try #require(try await TCPRawClient.readFrame(&inbound, &codec))
                let (finish, established) = try initiator.receive(reply: reply)
                var session = established
                try await TCPRawClient.write(FrameCodec.encode(finish.encoded()), outbound)
                let good = MessageChunk(lane: .consensus, kind: .start, totalLength: 2, data: [7, 7][...])
                try await TCPRawClient.write(FrameCodec.encode(try session.sender.seal(good.encoded())), outbound)
                var bad = try session.sender.seal(good.encoded())
                bad[3] ^= 0x40
                try await TCPRawClient.write(FrameCodec.encode(bad), outbound)
                return await TCPRawClient.readUntilClosed(&inbound)
            }
            #expect(!outcome.watchdogFired)
            let got = await S.receive(tb, count: 1)
            #expect(got.map(\.bytes) == [[7, 7]])
            #expect(got.first?.from == alice.nodeID)
            #expect(await S.eventually { tb.counters.rejected(.decryptionFailed) == 1 })
            #expect(await S.eventually { await tb.connectedPeers.isEmpty })
        }
    }

    @Test("malformed, oversized, truncated and random frames are rejected by reason; the node keeps working")
    func garbageFrames() async throws {
        let keys = S.keys(2, seed: 17)
        let t = try await S.startCluster(keys)
        try await S.withTransports(t) {
            let port = try #require(await t[1].boundPort)
            let maxFrame = t[1].configuration.maxFrameBytes
            // Frames the server must close on, each with its expected reason.
            let closing: [([UInt8], TransportError.Code)] = [
                (FrameCodec.encode([UInt8](repeating: 1, count: maxFrame + 1)), .oversizedFrame),
                ([0xFF, 0xFF, 0xFF, 0xFF], .oversizedFrame),
                ([0, 0, 0, 0], .emptyFrame),
                (FrameCodec.encode(Array("GET / HTTP/1.1\r\n\r\n".utf8)), .malformedHandshake),
                (FrameCodec.encode(HandshakeMessages.magic + [1, 0, 0]), .malformedHandshake),
            ]
            for (bytes, _) in closing {
                let outcome = try await TCPRawClient.session(port: port) { inbound, outbound in
                    try await TCPRawClient.write(bytes, outbound)
                    return await TCPRawClient.readUntilClosed(&inbound)
                }
                #expect(!outcome.watchdogFired)
                #expect(outcome.value.isEmpty)
            }
            // A frame cut short by the client closing.
            _ = try await TCPRawClient.session(port: port) { _, outbound in
                try await TCPRawClient.write(
                    Array(FrameCodec.encode([UInt8](repeating: 5, count: 100)).prefix(30)), outbound)
            }
            #expect(
                await S.eventually {
                    let c = t[1].counters
                    return c.rejected(.oversizedFrame) == 2 && c.rejected(.emptyFrame) == 1
                        && c.rejected(.malformedHandshake) == 2 && c.rejected(.truncatedFrame) == 1
                })
            // Random streams: each connection is rejected exactly once, whatever the reason.
            let before = t[1].counters.totalRejected
            var rng = SeededRandom(seed: 5)
            let streams = 40
            for _ in 0..<streams {
                var bytes = [UInt8](repeating: 0, count: rng.uniformInt(in: 1...300))
                rng.fill(&bytes)
                if rng.bernoulli(0.5) { bytes[min(2, bytes.count - 1)] = 0 }
                if rng.bernoulli(0.5) { bytes[bytes.count - 1 < 3 ? 0 : 3] = 0 }
                _ = try await TCPRawClient.session(port: port) { _, outbound in
                    try await TCPRawClient.write(bytes, outbound)
                }
            }
            #expect(await S.eventually { t[1].counters.totalRejected == before + UInt64(streams) })
            // The members still talk.
            try await t[0].send([42], to: keys[1].nodeID, lane: .consensus)
            #expect(await S.receive(t[1], count: 1).map(\.bytes) == [[42]])
        }
    }

    @Test("a connection that never completes its handshake is closed at the timeout")
    func handshakeTimeout() async throws {
        let key = S.keys(1, seed: 18)[0]
        let transport = try TCPTransport(configuration: S.configuration(key, handshakeTimeout: .milliseconds(200)))
        let port = try await transport.start()
        try await S.withTransports([transport]) {
            let outcome = try await TCPRawClient.session(port: port) { inbound, outbound in
                try await TCPRawClient.write([10, 0], outbound)  // half a length prefix, then silence
                return await TCPRawClient.readUntilClosed(&inbound)
            }
            #expect(!outcome.watchdogFired)
            #expect(await S.eventually { transport.counters.rejected(.handshakeTimeout) == 1 })
        }
    }

    /// The peer accepts on a copy of a socket the test holds (as a node restarted by its cluster
    /// runner does), so its port is never released between the two runs.
    @Test("the dialer reconnects after the peer restarts on the same listening socket")
    func reconnection() async throws {
        let keys = S.keys(2, seed: 19)
        let (a, b) = (keys[0].nodeID, keys[1].nodeID)
        let listener = try TCPLoopbackListener()
        let t = try await S.startCluster(keys, listenDescriptors: [1: try listener.copy()])
        let ta = t[0]
        let port = try #require(await t[1].boundPort)
        #expect(port == listener.port)
        try await S.withTransports(t) {
            try await ta.send([1], to: b, lane: .consensus)
            #expect(await S.receive(t[1], count: 1).map(\.bytes) == [[1]])
            await t[1].shutdown()
            #expect(await S.eventually { await ta.connectedPeers.isEmpty })

            var config = S.configuration(keys[1])
            config.listenDescriptor = try listener.copy()
            config.members = [a: PeerAddress(host: "127.0.0.1", port: try #require(await ta.boundPort))]
            let restarted = try TCPTransport(configuration: config)
            try await S.withTransports([restarted]) {
                #expect(try await restarted.start() == listener.port)
                try await ta.send([2], to: b, lane: .consensus)
                try await restarted.send([3], to: a, lane: .consensus)
                #expect(await S.receive(restarted, count: 1).map(\.bytes) == [[2]])
                #expect(await S.receive(ta, count: 1).map(\.bytes) == [[3]])
                #expect(ta.counters.handshakesCompleted >= 2)
                #expect(ta.counters.connectionsDialed >= 2)
            }
        }
    }

    /// Runs a full handshake as `identity` against `port` (expecting `peer`), then calls `body`.
    static func rawHandshake(
        port: Int, identity: SigningKey, peer: NodeID
    ) async throws -> TCPRawClient.Outcome<[UInt8]> {
        try await TCPRawClient.session(port: port) { inbound, outbound in
            let initiator = HandshakeInitiator(identity: identity, chainID: S.chain, expectedPeer: peer)
            try await TCPRawClient.write(FrameCodec.encode(initiator.hello.encoded()), outbound)
            var codec = FrameCodec(maxFrameBytes: 1 << 16)
            let reply = try #require(try await TCPRawClient.readFrame(&inbound, &codec))
            let (finish, _) = try initiator.receive(reply: reply)
            try await TCPRawClient.write(FrameCodec.encode(finish.encoded()), outbound)
            return await TCPRawClient.readUntilClosed(&inbound)
        }
    }

    @Test("duplicate connections: the higher NodeID's is refused, a new one from the lower NodeID replaces the old")
    func duplicateConnections() async throws {
        let keys = S.keys(2, seed: 20)
        let t = try await S.startCluster(keys)
        let (a, b) = (keys[0], keys[1])
        try await S.withTransports(t) {
            #expect(await t[0].waitForConnections(to: [b.nodeID], timeout: .seconds(20)))
            // b (higher NodeID) opens a second connection to a: refused after authentication.
            let aPort = try #require(await t[0].boundPort)
            let refused = try await Self.rawHandshake(port: aPort, identity: b, peer: a.nodeID)
            #expect(!refused.watchdogFired)
            #expect(await S.eventually { t[0].counters.rejected(.duplicateConnection) == 1 })
            // a (lower NodeID, the rule's dialer) opens a second connection to b: it replaces the old one.
            let bPort = try #require(await t[1].boundPort)
            let replaced = try await Self.rawHandshake(port: bPort, identity: a, peer: b.nodeID)
            #expect(!replaced.watchdogFired)  // closed again when the real a redialed and replaced it
            #expect(t[1].counters.connectionsReplaced >= 2, "\(t[1].counters) a: \(t[0].counters)")
            // The real pair still talks afterwards.
            try await t[0].send([5], to: b.nodeID, lane: .consensus)
            #expect(await S.receive(t[1], count: 1).map(\.bytes) == [[5]])
        }
    }

    @Test("a full outbound queue drops the new message, says so and counts it")
    func queueFull() async throws {
        let keys = S.keys(2, seed: 21)
        var config = S.configuration(keys[0])
        config.queuePolicy = OutboundQueuePolicy(consensusMessages: 3, bulkBytes: 1000, bulkMessages: 10)
        config.members = [keys[1].nodeID: PeerAddress(host: "127.0.0.1", port: 1)]  // nobody listens
        let transport = try TCPTransport(configuration: config)
        try await S.withTransports([transport]) {
            try await transport.start()
            for i in 0..<3 { try await transport.send([UInt8(i)], to: keys[1].nodeID, lane: .consensus) }
            await #expect(throws: TransportError(.queueFull, "")) {
                try await transport.send([3], to: keys[1].nodeID, lane: .consensus)
            }
            try await transport.send([UInt8](repeating: 0, count: 900), to: keys[1].nodeID, lane: .bulk)
            await #expect(throws: TransportError(.queueFull, "")) {
                try await transport.send([UInt8](repeating: 0, count: 200), to: keys[1].nodeID, lane: .bulk)
            }
            await #expect(throws: TransportError(.unknownPeer, "")) {
                try await transport.send([1], to: keys[0].nodeID, lane: .consensus)
            }
            #expect(transport.counters.rejected(.queueFull) == 2)
            #expect(await transport.queuedMessages(to: keys[1].nodeID, lane: .consensus) == 3)
        }
    }

    @Test("a listen descriptor that is not open is refused at start, with the descriptor named")
    func closedListenDescriptor() async throws {
        let keys = S.keys(1, seed: 23)
        let listener = try TCPLoopbackListener()
        var config = S.configuration(keys[0])
        let copy = try listener.copy()
        close(copy)
        config.listenDescriptor = copy
        let transport = try TCPTransport(configuration: config)
        let error = await #expect(throws: TransportError.self) { try await transport.start() }
        #expect(error?.code == .bindFailed)
        #expect(error?.reason == "listen descriptor \(copy) is not open")
        var negative = S.configuration(keys[0])
        negative.listenDescriptor = -1
        #expect(throws: TransportError(.invalidConfiguration, "")) { try TCPTransport(configuration: negative) }
    }
}
