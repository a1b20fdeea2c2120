import Foundation
import SynodConsensus
import SynodCore
import Testing

@Suite struct FileWriteAheadLogTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "synod-wal-\(UUID().uuidString).log"
    }

    @Test func tornTailIsDroppedAndTruncatedOnOpen() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var log = try FileWriteAheadLog(path: path)
        try log.append([[1, 2, 3], [4, 5], []])
        try log.append([[6]])
        // A torn write: half of a frame reaches the disk.
        let torn = WALFraming.frame([9, 9, 9, 9, 9, 9])
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(torn.prefix(9)))
        try handle.close()
        let reopened = try FileWriteAheadLog(path: path)
        #expect(reopened.droppedTailBytes == 9)
        #expect(try reopened.records() == [[1, 2, 3], [4, 5], [], [6]])
        // Appending after recovery continues cleanly.
        var again = reopened
        try again.append([[7, 7]])
        #expect(try FileWriteAheadLog(path: path).records().last == [7, 7])
    }

    @Test func corruptChecksumEndsTheReadableLog() throws {
        var bytes = WALFraming.frame([1]) + WALFraming.frame([2, 2]) + WALFraming.frame([3])
        bytes[WALFraming.headerSize + 1 + WALFraming.headerSize] ^= 0xFF  // flip a payload byte of record 2
        let (records, valid) = WALFraming.unframe(bytes)
        #expect(records == [[1]])
        #expect(valid == WALFraming.headerSize + 1)
    }

    @Test func crc32cMatchesTheRFC3720Vector() {
        // RFC 3720 §B.4: 32 bytes of zeros → 0x8A9136AA; "123456789" → 0xE3069283.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func replicaLogRoundTripsAndRewrites() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var log = ReplicaLog<CounterBlock, FileWriteAheadLog>(storage: try FileWriteAheadLog(path: path))
        let records: [WALRecord<CounterBlock>] = [
            .view(view: 2, changing: true, anchorHeight: 0, anchorDigest: .zero),
            .signed(LastSigned(view: 2, height: 1, kind: .prepare, digest: Digest.sha256([1]))),
            .checkpoint(height: 4, stateDigest: Digest.sha256([4])),
        ]
        try log.append(records)
        #expect(try log.load() == records)
        try log.compact(throughHeight: 4)
        #expect(try log.load() == [records[0], records[2]])
    }
}
