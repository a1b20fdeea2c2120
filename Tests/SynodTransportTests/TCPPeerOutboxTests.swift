import Testing

@testable import SynodTransport

@Suite("PeerOutbox")
struct TCPPeerOutboxTests {
    @Test("a consensus message queued during a bulk transfer goes out in the next frame")
    func consensusFirst() throws {
        let outbox = PeerOutbox(policy: OutboundQueuePolicy(), chunkDataBytes: 10)
        let generation = outbox.attach().generation
        try outbox.enqueue([UInt8](repeating: 1, count: 100), lane: .bulk)
        var reassembler = MessageReassembler(maxMessageBytes: 1000)
        var order: [Lane] = []
        for step in 0..<20 {
            if step == 3 { try outbox.enqueue([42], lane: .consensus) }
            guard let next = outbox.nextChunk(generation: generation) else { break }
            if let message = try reassembler.receive(next.chunk) { order.append(message.lane) }
            if step == 3 { #expect(order == [.consensus]) }
        }
        #expect(order == [.consensus, .bulk])
        #expect(outbox.nextChunk(generation: generation) == nil)
        #expect(outbox.framesDequeued == 11)
    }

    @Test("full queues refuse new messages and keep the old ones")
    func bounds() throws {
        let outbox = PeerOutbox(
            policy: OutboundQueuePolicy(consensusMessages: 2, bulkBytes: 100, bulkMessages: 5), chunkDataBytes: 64)
        try outbox.enqueue([1], lane: .consensus)
        try outbox.enqueue([2], lane: .consensus)
        #expect(throws: TransportError(.queueFull, "")) { try outbox.enqueue([3], lane: .consensus) }
        try outbox.enqueue([UInt8](repeating: 0, count: 60), lane: .bulk)
        #expect(throws: TransportError(.queueFull, "")) {
            try outbox.enqueue([UInt8](repeating: 0, count: 41), lane: .bulk)
        }
        #expect(outbox.queuedMessages(.consensus) == 2)
        #expect(outbox.queuedMessages(.bulk) == 1)
    }

    @Test("a new connection drops the half-sent message and an old connection gets nothing more")
    func reattach() throws {
        let outbox = PeerOutbox(policy: OutboundQueuePolicy(), chunkDataBytes: 4)
        let old = outbox.attach().generation
        try outbox.enqueue([UInt8](repeating: 1, count: 10), lane: .bulk)
        try outbox.enqueue([2, 2], lane: .bulk)
        _ = outbox.nextChunk(generation: old)
        let attached = outbox.attach()
        #expect(attached.dropped == 1)
        #expect(outbox.nextChunk(generation: old) == nil)
        var reassembler = MessageReassembler(maxMessageBytes: 100)
        let chunk = try #require(outbox.nextChunk(generation: attached.generation))
        #expect(try reassembler.receive(chunk.chunk)?.bytes == [2, 2])
    }
}
