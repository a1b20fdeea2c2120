import Testing

@testable import SynodCore

@Suite struct CanonicalEncodingTests {
    @Test func integersAreLittleEndianFixedWidth() {
        var encoder = CanonicalEncoder()
        encoder.encode(UInt32(0x0102_0304))
        encoder.encode(UInt16(0xA0B0))
        #expect(encoder.bytes == [0x04, 0x03, 0x02, 0x01, 0xB0, 0xA0])
    }

    @Test func truncatedInputNamesFieldAndOffset() {
        var decoder = CanonicalDecoder(bytes: [1, 2, 3])
        #expect(throws: CanonicalDecodingError(.truncated, field: "x", offset: 0, reason: "")) {
            _ = try decoder.decodeUInt64("x")
        }
    }
}
