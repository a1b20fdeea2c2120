import SynodTransport

/// `FrameCodec`: arbitrary bytes, fed in two pieces, yield frames or a `TransportError`; every
/// frame is at most `maxFrameBytes` and re-encodes to the bytes it came from.
enum FrameDecoderHarness {
    static func run(_ bytes: [UInt8]) {
        let maxFrameBytes = 1_024
        var codec = FrameCodec(maxFrameBytes: maxFrameBytes)
        let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        codec.append(bytes[..<split])
        var consumed: [UInt8] = []
        do {
            while let frame = try codec.nextFrame() { consumed += FrameCodec.encode(frame) }
            codec.append(bytes[split...])
            while let frame = try codec.nextFrame() {
                precondition(frame.count <= maxFrameBytes, "a frame of \(frame.count) bytes passed the limit")
                consumed += FrameCodec.encode(frame)
            }
            precondition(bytes.starts(with: consumed), "decoded frames do not re-encode to the input")
            try codec.finish()
        } catch {}
    }
}
