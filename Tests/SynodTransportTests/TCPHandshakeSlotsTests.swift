import NIOCore
import NIOPosix
import SynodCore
import Testing

@testable import SynodTransport

/// Handshake slots: fair per source address, with slots reserved for members
/// (``HandshakeSlots``), and the transport staying reachable for members under a flood of silent
/// connections.
@Suite struct TCPHandshakeSlotsTests {
    typealias S = TCPTestSupport

    @Test("one address holds at most its share; a newcomer evicts that address's oldest")
    func perAddressShare() {
        var slots = HandshakeSlots<Int>(anonymousCapacity: 64, perAddressCapacity: 3, perMemberCapacity: 2)
        var evicted: [Int] = []
        for holder in 0..<5 {
            if let out = slots.admit(address: "10.0.0.9", holder: holder).evicted { evicted.append(out) }
        }
        #expect(evicted == [0, 1])
        #expect(slots.anonymousCount == 3)
        // Another address is not affected by the first one's share.
        #expect(slots.admit(address: "10.0.0.1", holder: 100).evicted == nil)
        #expect(slots.anonymousCount == 4)
    }

    @Test("a full table evicts the oldest connection of the address holding the most")
    func fullTableEvictsTheHeaviestSource() {
        var slots = HandshakeSlots<String>(anonymousCapacity: 4, perAddressCapacity: 4, perMemberCapacity: 2)
        _ = slots.admit(address: "member-host", holder: "m")
        for index in 0..<3 { _ = slots.admit(address: "flooder", holder: "f\(index)") }
        #expect(slots.admit(address: "other", holder: "o").evicted == "f0")
        #expect(slots.admit(address: "other2", holder: "o2").evicted == "f1")
        // Ties (member-host, flooder, other, other2 hold one each): the oldest ticket goes.
        #expect(slots.admit(address: "other3", holder: "o3").evicted == "m")
    }

    @Test("a member's reserved slot is never taken by anonymous connections")
    func reservedSlotsSurviveAFlood() {
        var slots = HandshakeSlots<String>(anonymousCapacity: 2, perAddressCapacity: 2, perMemberCapacity: 1)
        let member = TestKeysForSlots.id(1)
        let ticket = slots.admit(address: "127.0.0.1", holder: "member").ticket
        #expect(slots.reserve(ticket, for: member) == nil)
        var evicted: [String] = []
        for index in 0..<50 {
            if let out = slots.admit(address: "127.0.0.1", holder: "flood\(index)").evicted { evicted.append(out) }
        }
        #expect(!evicted.contains("member"))
        #expect(slots.holds(ticket))
        #expect(slots.reservedCount == 1 && slots.anonymousCount == 2)
        // A second claim of the same member replaces the older one (its own slots only).
        let again = slots.admit(address: "127.0.0.1", holder: "member-again").ticket
        #expect(slots.reserve(again, for: member) == "member")
        slots.release(again)
        #expect(slots.reservedCount == 0)
        // Releasing an evicted or unknown ticket does nothing.
        slots.release(ticket)
        slots.release(9_999)
        #expect(slots.anonymousCount == 1 && slots.reservedCount == 0)
    }

    @Test("a non-member holding every handshake slot does not lock a member out")
    func memberConnectsThroughASilentFlood() async throws {
        let keys = S.keys(2, seed: 41)
        let (a, b) = (keys[0], keys[1])  // a has the lower NodeID: a dials b
        // Handshakes may take a minute, so without fair slots the flood would hold b for that long.
        var configB = S.configuration(b, handshakeTimeout: .seconds(60))
        configB.members = [a.nodeID: PeerAddress(host: "127.0.0.1", port: 1)]
        let tb = try TCPTransport(configuration: configB)
        let portB = try await tb.start()
        var flood: [any Channel] = []
        for _ in 0..<(configB.maxPendingHandshakes + 16) {
            flood.append(
                try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: portB).get())
        }
        let floodCount = UInt64(flood.count)
        #expect(await S.eventually { tb.counters.connectionsAccepted >= floodCount })
        var configA = S.configuration(a)
        configA.members = [b.nodeID: PeerAddress(host: "127.0.0.1", port: portB)]
        let ta = try TCPTransport(configuration: configA)
        try await S.withTransports([ta, tb]) {
            try await ta.start()
            #expect(await S.eventually(timeout: .seconds(30)) { await tb.connectedPeers == [a.nodeID] })
            try await ta.send([7], to: b.nodeID, lane: .consensus)
            #expect(await S.receive(tb, count: 1).map(\.bytes) == [[7]])
            #expect(tb.counters.rejected(.tooManyHandshakes) >= 1)
        }
        for channel in flood { try? await channel.close() }
    }
}

/// Node IDs for the pure slot-table tests.
enum TestKeysForSlots {
    static func id(_ seed: UInt64) -> NodeID { TCPTestSupport.keys(1, seed: seed)[0].nodeID }
}
