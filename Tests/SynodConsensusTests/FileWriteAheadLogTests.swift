import Foundation
import SynodConsensus
import SynodCore
import Testing

@Suite struct FileWriteAheadLogTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "synod-wal-\(UUID().uuidString).log"
    }

    func removeLog(_ path: String) {
        for number in FileWriteAheadLog.segments(of: path) {
            try? FileManager.default.removeItem(atPath: FileWriteAheadLog.segmentPath(path, number))
        }
    }

    @Test func tornTailIsDroppedAndTruncatedOnOpen() throws {
        let path = temporaryPath()
        defer { removeLog(path) }
        let log = try FileWriteAheadLog(path: path)
        try log.append([[1, 2, 3], [4, 5], []])
        try log.append([[6]])
        // A torn write: half of a frame reaches the disk.
        let torn = WALFraming.frame([9, 9, 9, 9, 9, 9])
        let handle = try #require(FileHandle(forWritingAtPath: log.segmentPath))
        handle.seekToEndOfFile()
        handle.write(Data(torn.prefix(9)))
        try handle.close()
        let reopened = try FileWriteAheadLog(path: path)
        #expect(reopened.droppedTailBytes == 9)
        #expect(try reopened.records() == [[1, 2, 3], [4, 5], [], [6]])
        // Appending after recovery continues cleanly.
        let again = reopened
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
        defer { removeLog(path) }
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

    /// Compaction keeps every decided block but drops the vote-extension bytes of those more than
    /// the window below the checkpoint (never the newest decided block's).
    @Test func compactionStripsOldExtensionsAndKeepsTheNewest() throws {
        func block(_ height: UInt64) -> DecidedBlock<CounterBlock> {
            DecidedBlock(
                height: height,
                proposal: CounterBlock(height: height, proposer: 0, transactions: [height], payloads: []),
                certificate: QuorumCertificate(votes: []), extensions: [VoteExtension(voter: 1, data: [UInt8(height)])])
        }
        var log = ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: InMemoryWriteAheadLog())
        try log.append((1...6).map { .decided(block($0)) })
        try log.compact(throughHeight: 5, extensionWindow: 2)
        let decided = try log.load().compactMap { record -> DecidedBlock<CounterBlock>? in
            if case .decided(let b) = record { return b }
            return nil
        }
        #expect(decided.map(\.height) == [1, 2, 3, 4, 5, 6])
        #expect(decided.map { $0.extensions.isEmpty } == [true, true, true, false, false, false])
        #expect(decided.map(\.digest) == (1...6).map { block($0).digest })
        // The newest decided block keeps its extensions even below the window.
        var short = ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: InMemoryWriteAheadLog())
        try short.append([.decided(block(1)), .decided(block(2))])
        try short.compact(throughHeight: 2, extensionWindow: 0)
        let kept = try short.load()
        #expect(kept == [.decided(block(1).withoutExtensions), .decided(block(2))])
    }

    /// A record the reader would not accept is refused with a typed error, and nothing is written.
    @Test func oversizedRecordsAreRefused() throws {
        let path = temporaryPath()
        defer { removeLog(path) }
        let file = try FileWriteAheadLog(path: path)
        let big = [UInt8](repeating: 7, count: WALFraming.maxRecordSize + 1)
        #expect(throws: ConsensusError(.recordTooLarge, "")) { try file.append([[1, 2, 3], big]) }
        #expect(try file.records().isEmpty)
        #expect(throws: ConsensusError(.recordTooLarge, "")) { try file.rewrite([big]) }
        var memory = InMemoryWriteAheadLog()
        #expect(throws: ConsensusError(.recordTooLarge, "")) { try memory.append([big]) }
        #expect(memory.bytes.isEmpty)
        // The limit itself is accepted.
        try file.append([[UInt8](repeating: 1, count: WALFraming.maxRecordSize)])
        #expect(try file.records().count == 1)
    }

    /// A flipped byte with intact records after it is corruption, not a torn tail: opening
    /// refuses and names the segment and the byte offset; the file is left as it was.
    @Test func aCorruptRecordBeforeTheTailIsRefusedWithItsOffset() throws {
        let path = temporaryPath()
        defer { removeLog(path) }
        let log = try FileWriteAheadLog(path: path)
        try log.append((1...20).map { [UInt8](repeating: UInt8($0), count: 40) })
        let file = log.segmentPath
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let length = bytes.count
        let recordSize = WALFraming.headerSize + 40
        bytes[9 * recordSize + WALFraming.headerSize + 5] ^= 0x01  // a payload byte of record 10
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        do {
            _ = try FileWriteAheadLog(path: path)
            Issue.record("a corrupt middle was accepted")
        } catch {
            #expect(error.code == .corruptLog)
            #expect(error.reason.contains(file))
            #expect(error.reason.contains("byte offset \(9 * recordSize)"))
            #expect(error.reason.contains("after 9 intact records"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).count == length)
        // A flipped length field is caught the same way.
        bytes[9 * recordSize + WALFraming.headerSize + 5] ^= 0x01
        bytes[4 * recordSize + 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(throws: ConsensusError(.corruptLog, "")) { try FileWriteAheadLog(path: path) }
    }

    /// The scan: a cut-short last frame, a bad last frame and trailing zeros are a torn tail; a
    /// bad frame with an intact one after it is not.
    @Test func onlyABadFrameWithNothingIntactAfterItIsATornTail() {
        let good = WALFraming.frame([1, 2, 3]) + WALFraming.frame([4, 5])
        #expect(WALFraming.scan(good + WALFraming.frame([6, 6, 6]).prefix(7)).corruption == nil)
        var badLast = good + WALFraming.frame([6, 6, 6])
        badLast[badLast.count - 1] ^= 1
        #expect(WALFraming.scan(badLast).corruption == nil)
        #expect(WALFraming.scan(badLast).validLength == good.count)
        #expect(WALFraming.scan(good + [UInt8](repeating: 0, count: 64)).corruption == nil)
        var badMiddle = WALFraming.frame([1, 2, 3]) + WALFraming.frame([4, 5]) + WALFraming.frame([6, 6, 6])
        badMiddle[WALFraming.headerSize + 3 + WALFraming.headerSize] ^= 1
        let corruption = WALFraming.scan(badMiddle).corruption
        #expect(corruption?.offset == WALFraming.headerSize + 3)
        #expect(corruption?.nextIntactOffset == 2 * WALFraming.headerSize + 5)
    }

    /// Compaction starts a new segment with the kept records and deletes the older one whole;
    /// appends continue on the open descriptor; a segment left by an interrupted compaction is
    /// deleted at open (the newest is complete).
    @Test func compactionStartsANewSegmentAndDropsTheOldOne() throws {
        let path = temporaryPath()
        defer { removeLog(path) }
        let log = try FileWriteAheadLog(path: path)
        #expect(log.created)
        try log.append([[1], [2], [3]])
        #expect(FileWriteAheadLog.segments(of: path) == [1])
        try log.rewrite([[3]])
        #expect(FileWriteAheadLog.segments(of: path) == [2])
        try log.append([[4]])
        #expect(try log.records() == [[3], [4]])
        let reopened = try FileWriteAheadLog(path: path)
        #expect(!reopened.created)
        #expect(try reopened.records() == [[3], [4]])
        // An interrupted compaction: the next segment was renamed into place, the old one stayed.
        try Data(WALFraming.frame([4])).write(to: URL(fileURLWithPath: FileWriteAheadLog.segmentPath(path, 3)))
        let resumed = try FileWriteAheadLog(path: path)
        #expect(FileWriteAheadLog.segments(of: path) == [3])
        #expect(try resumed.records() == [[4]])
        #expect(resumed.bytesWritten == 0)
        try resumed.append([[5]])
        #expect(resumed.bytesWritten == UInt64(WALFraming.headerSize + 1))
    }

    /// Without its decided blocks, compaction keeps only those above the checkpoint and the
    /// newest, and the fence record.
    @Test func compactionWithoutDecidedBlocksKeepsTheSuffix() throws {
        func block(_ height: UInt64) -> DecidedBlock<CounterBlock> {
            DecidedBlock(
                height: height,
                proposal: CounterBlock(height: height, proposer: 0, transactions: [height], payloads: []),
                certificate: QuorumCertificate(votes: []))
        }
        var log = ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: InMemoryWriteAheadLog())
        try log.append([.fence(height: 9)] + (1...6).map { .decided(block($0)) })
        try log.compact(throughHeight: 4, keepingDecidedBlocks: false)
        #expect(try log.load() == [.fence(height: 9), .decided(block(5)), .decided(block(6))])
        try log.compact(throughHeight: 6, keepingDecidedBlocks: false)
        #expect(try log.load() == [.fence(height: 9), .decided(block(6))])
    }
}
