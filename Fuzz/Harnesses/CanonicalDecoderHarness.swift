import SynodCore

/// `CanonicalDecoder` driven by the input itself: the first byte of each step picks a field type,
/// the decoder reads it from the rest. Every failure is a `CanonicalDecodingError`.
enum CanonicalDecoderHarness {
    static func run(_ bytes: [UInt8]) {
        guard let program = bytes.first else { return }
        var decoder = CanonicalDecoder(bytes: Array(bytes.dropFirst()))
        var step = Int(program)
        do {
            for _ in 0..<16 {
                switch step % 9 {
                case 0: _ = try decoder.decodeUInt8("u8")
                case 1: _ = try decoder.decodeUInt64("u64")
                case 2: _ = try decoder.decodeBool("bool")
                case 3: _ = try decoder.decodeBytes("bytes", maxCount: 4_096)
                case 4: _ = try decoder.decodeString("string", maxCount: 4_096)
                case 5: _ = try decoder.decodeFloats("floats", maxCount: 4_096)
                case 6: _ = try decoder.decodeFixedBytes("digest", count: 32)
                case 7: _ = try decoder.decodeLength("count", limit: 1 << 20)
                default: try decoder.finish()
                }
                step = step / 3 + 7
            }
        } catch {}
    }
}
