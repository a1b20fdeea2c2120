import Testing

@testable import SynodTransport

@Suite("MessageReassembler and MessageChunk")
struct TCPMessageReassemblerTests {
    func start(_ lane: Lane, _ total: UInt32, _ data: [UInt8]) -> [UInt8] {
        MessageChunk(lane: lane, kind: .start, totalLength: total, data: data[...]).encoded()
    }
    func more(_ lane: Lane, _ data: [UInt8]) -> [UInt8] {
        MessageChunk(lane: lane, kind: .continue, totalLength: 0, data: data[...]).encoded()
    }

    @Test("interleaved lanes reassemble independently")
    func interleaved() throws {
        var r = MessageReassembler(maxMessageBytes: 100)
        #expect(try r.receive(start(.bulk, 6, [1, 2])) == nil)
        let vote = try #require(try r.receive(start(.consensus, 1, [9])))
        #expect(vote.lane == .consensus && vote.bytes == [9])
        #expect(try r.receive(more(.bulk, [3, 4])) == nil)
        let bulk = try #require(try r.receive(more(.bulk, [5, 6])))
        #expect(bulk.lane == .bulk && bulk.bytes == [1, 2, 3, 4, 5, 6])
        let empty = try #require(try r.receive(start(.consensus, 0, [])))
        #expect(empty.bytes.isEmpty)
    }

    @Test("sequence violations and bad headers are malformed messages")
    func violations() throws {
        var r = MessageReassembler(maxMessageBytes: 100)
        #expect(throws: TransportError(.malformedMessage, "")) { try r.receive(more(.bulk, [1])) }
        _ = try r.receive(start(.bulk, 4, [1]))
        #expect(throws: TransportError(.malformedMessage, "")) { try r.receive(start(.bulk, 4, [1])) }
        var over = MessageReassembler(maxMessageBytes: 100)
        _ = try over.receive(start(.bulk, 2, [1]))
        #expect(throws: TransportError(.malformedMessage, "")) { try over.receive(more(.bulk, [2, 3])) }
        var bad = MessageReassembler(maxMessageBytes: 100)
        #expect(throws: TransportError(.malformedMessage, "")) { try bad.receive([7, 0, 1, 0, 0, 0]) }
        #expect(throws: TransportError(.malformedMessage, "")) { try bad.receive([0, 5]) }
        #expect(throws: TransportError(.malformedMessage, "")) { try bad.receive([0]) }
        #expect(throws: TransportError(.malformedMessage, "")) { try bad.receive([0, 0, 1]) }
        #expect(throws: TransportError(.malformedMessage, "")) { try bad.receive([1, 1]) }
        #expect(throws: TransportError(.malformedMessage, "")) { try bad.receive(start(.consensus, 1, [1, 2])) }
    }

    @Test("an announced length above the maximum is refused before buffering")
    func oversized() {
        var r = MessageReassembler(maxMessageBytes: 100)
        #expect(throws: TransportError(.oversizedMessage, "")) { try r.receive(start(.bulk, 101, [1])) }
        #expect(throws: TransportError(.oversizedMessage, "")) { try r.receive(start(.bulk, UInt32.max, [1])) }
    }
}
