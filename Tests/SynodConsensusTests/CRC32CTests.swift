import SynodConsensus
import SynodCore
import Testing

@Suite struct CRC32CTests {
    @Test func knownVectors() {
        // RFC 3720 §B.4 and the usual check value.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32)) == 0x46DD_794E)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func slicingByEightEqualsTheBytewiseReferenceAtEveryLengthAndAlignment() {
        var rng = SeededRandom(seed: 5)
        var bytes = [UInt8](repeating: 0, count: 70_003)
        for i in bytes.indices { bytes[i] = UInt8(rng.uniformInt(in: 0..<256)) }
        for length in 0..<80 {
            for start in 0..<9 {
                let slice = Array(bytes[start..<(start + length)])
                #expect(CRC32C.checksum(slice) == CRC32C.bytewiseChecksum(slice), "length \(length) start \(start)")
            }
        }
        #expect(CRC32C.checksum(bytes) == CRC32C.bytewiseChecksum(bytes))
    }
}
