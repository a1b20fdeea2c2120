import SynodCore
import Testing

@testable import SynodTransport

@Suite("FrameCodec")
struct TCPFrameCodecTests {
    @Test("frames round-trip when bytes arrive one at a time")
    func roundTripByteByByte() throws {
        let payloads: [[UInt8]] = [[1], Array(0..<200), [UInt8](repeating: 7, count: 1000)]
        let stream = payloads.flatMap { FrameCodec.encode($0) }
        var codec = FrameCodec(maxFrameBytes: 1000)
        var out: [[UInt8]] = []
        for byte in stream {
            codec.append([byte])
            while let frame = try codec.nextFrame() { out.append(frame) }
        }
        #expect(out == payloads)
        try codec.finish()
    }

    @Test("length prefix is u32 little-endian")
    func littleEndianPrefix() {
        #expect(FrameCodec.encode([UInt8](repeating: 0, count: 0x0102)).prefix(4) == [0x02, 0x01, 0, 0])
    }

    @Test("a length above the maximum is rejected from the prefix alone")
    func oversized() {
        var codec = FrameCodec(maxFrameBytes: 100)
        codec.append([101, 0, 0, 0])
        #expect(throws: TransportError(.oversizedFrame, "")) { try codec.nextFrame() }
        var huge = FrameCodec(maxFrameBytes: 100)
        huge.append([0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: TransportError(.oversizedFrame, "")) { try huge.nextFrame() }
    }

    @Test("an empty frame is rejected")
    func empty() {
        var codec = FrameCodec(maxFrameBytes: 100)
        codec.append([0, 0, 0, 0])
        #expect(throws: TransportError(.emptyFrame, "")) { try codec.nextFrame() }
    }

    @Test("end of stream inside a frame is a truncated frame")
    func truncated() throws {
        var codec = FrameCodec(maxFrameBytes: 100)
        codec.append([10, 0, 0, 0, 1, 2, 3])
        #expect(try codec.nextFrame() == nil)
        #expect(throws: TransportError(.truncatedFrame, "")) { try codec.finish() }
        var header = FrameCodec(maxFrameBytes: 100)
        header.append([10, 0])
        #expect(throws: TransportError(.truncatedFrame, "")) { try header.finish() }
    }

    @Test("random byte streams give frames or typed errors, never a crash")
    func randomStreams() {
        var rng = SeededRandom(seed: 7)
        var errors = 0
        var frames = 0
        for _ in 0..<2000 {
            var codec = FrameCodec(maxFrameBytes: 512)
            var bytes = [UInt8](repeating: 0, count: rng.uniformInt(in: 0...600))
            rng.fill(&bytes)
            if rng.bernoulli(0.5) && bytes.count >= 2 { bytes[1] = 0; bytes[2 % bytes.count] = 0 }
            if rng.bernoulli(0.5) && bytes.count >= 4 { bytes[3] = 0 }
            codec.append(bytes)
            do {
                while let frame = try codec.nextFrame() {
                    #expect(!frame.isEmpty && frame.count <= 512)
                    frames += 1
                }
                try codec.finish()
            } catch {
                errors += 1
            }
        }
        #expect(errors > 0)
        #expect(frames > 0)
    }
}
