import Testing

@testable import SynodLearning

@Suite struct GzipTests {
    let sample: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }

    @Test func roundTrip() throws {
        let compressed = Gzip.compress(sample)
        #expect(Gzip.hasMagic(compressed))
        #expect(compressed.count < sample.count)
        #expect(try Gzip.decompress(compressed) == sample)
    }

    @Test func emptyPayloadRoundTrips() throws {
        #expect(try Gzip.decompress(Gzip.compress([])) == [])
    }

    @Test func concatenatedMembersAreJoined() throws {
        let a: [UInt8] = Array(repeating: 7, count: 300)
        let b: [UInt8] = [1, 2, 3]
        #expect(try Gzip.decompress(Gzip.compress(a) + Gzip.compress(b)) == a + b)
    }

    @Test func truncatedStreamIsReported() {
        let compressed = Gzip.compress(sample)
        for cut in [compressed.count - 1, compressed.count - 8, compressed.count / 2, 20] {
            #expect(throws: FileFormatError(.truncated, "")) {
                try Gzip.decompress(Array(compressed[..<cut]))
            }
        }
    }

    @Test func badCRCIsReported() {
        var compressed = Gzip.compress(sample)
        compressed[compressed.count - 6] ^= 0xFF  // inside the CRC-32 of the trailer
        #expect(throws: FileFormatError(.corruptCompressedData, "")) { try Gzip.decompress(compressed) }
    }

    @Test func badLengthIsReported() {
        var compressed = Gzip.compress(sample)
        compressed[compressed.count - 2] ^= 0x01  // inside ISIZE
        #expect(throws: FileFormatError(.corruptCompressedData, "")) { try Gzip.decompress(compressed) }
    }

    @Test func corruptDeflateDataIsReported() {
        var compressed = Gzip.compress(sample)
        for i in 12..<40 { compressed[i] = 0xFF }
        #expect(throws: FileFormatError.self) { try Gzip.decompress(compressed) }
    }

    @Test func wrongMagicAndTrailingGarbage() {
        #expect(throws: FileFormatError(.badMagic, "")) { try Gzip.decompress([0, 1, 2, 3]) }
        #expect(throws: FileFormatError(.trailingBytes, "")) {
            try Gzip.decompress(Gzip.compress(sample) + [0, 0, 0])
        }
    }

    @Test func decompressionLimitIsEnforced() {
        let big = [UInt8](repeating: 0, count: 100_000)
        #expect(throws: FileFormatError(.limitExceeded, "")) {
            try Gzip.decompress(Gzip.compress(big), limit: 50_000)
        }
    }
}

@Suite struct GzipForgedSizeTests {
    @Test func forgedISIZEDoesNotDriveAllocation() throws {
        var compressed = Gzip.compress([1, 2, 3])
        let n = compressed.count
        for k in 1...4 { compressed[n - k] = 0xFF }  // ISIZE = 4 GiB − 1
        #expect(throws: FileFormatError(.corruptCompressedData, "")) { try Gzip.decompress(compressed) }
    }
}
