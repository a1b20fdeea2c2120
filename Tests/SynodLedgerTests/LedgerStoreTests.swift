import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodLedger

@Suite struct LedgerStoreTests {
    @Test func createAppendReopen() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 5)
        try ledger.store.close()
        let reopened = try Ledger.open(at: dir.path)
        #expect(reopened.height == 5)
        #expect(reopened.tipHash == ledger.tipHash)
        #expect(reopened.state == ledger.state)
        #expect(try reopened.store.tipHeight() == 5)
        #expect(try reopened.store.block(at: 3).height == 3)
        let report = try LedgerAuditor.verify(store: reopened.store)
        #expect(report.tipHeight == 5)
        #expect(report.stateRoot == ledger.state.root)
        #expect(report.transactionCount == 10)
    }

    @Test func createTwiceAndMissingDirectory() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let builder = try ChainBuilder(seed: 1)
        _ = try LedgerStore.create(at: dir.path, genesis: builder.genesis)
        #expect(throws: LedgerError(.alreadyExists, field: "directory", "")) {
            _ = try LedgerStore.create(at: dir.path, genesis: builder.genesis)
        }
        #expect(throws: LedgerError(.unreadable, field: "directory", "")) {
            _ = try LedgerStore.open(at: dir.file("nothing-here"))
        }
    }

    @Test func emptyAndGarbageFilesAreTypedErrors() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let empty = dir.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: LedgerStore.databasePath(in: empty), contents: Data())
        #expect(throws: LedgerError(.notInitialized, field: "meta", "")) { _ = try LedgerStore.open(at: empty) }

        let garbage = dir.file("garbage")
        try FileManager.default.createDirectory(atPath: garbage, withIntermediateDirectories: true)
        var rng = SeededRandom(seed: 4)
        var bytes = [UInt8](repeating: 0, count: 8192)
        rng.fill(&bytes)
        _ = FileManager.default.createFile(atPath: LedgerStore.databasePath(in: garbage), contents: Data(bytes))
        do {
            _ = try LedgerStore.open(at: garbage)
            Issue.record("garbage opened")
        } catch {
            #expect(error.code == .unreadable)
        }
    }

    @Test func unknownFormatVersion() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let store = try LedgerStore.create(at: dir.path, genesis: try ChainBuilder(seed: 1).genesis)
        try store.executeRaw("UPDATE meta SET value = 99 WHERE key = 'format_version'")
        try store.close()
        #expect(throws: LedgerError(.unknownFormatVersion, field: "meta.format_version", "")) {
            _ = try LedgerStore.open(at: dir.path)
        }
        let again = try LedgerStore.create(at: dir.file("b"), genesis: try ChainBuilder(seed: 1).genesis)
        try again.executeRaw("UPDATE meta SET value = 'one' WHERE key = 'format_version'")
        try again.close()
        #expect(throws: LedgerError(.corruptRow, field: "meta.format_version", "")) {
            _ = try LedgerStore.open(at: dir.file("b"))
        }
    }

    @Test func corruptBlockRowsAreTypedErrors() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 4)
        let store = ledger.store
        try store.executeRaw("UPDATE blocks SET bytes = ? WHERE height = 2", [.blob([1, 2, 3, 4, 5])])
        do {
            _ = try store.block(at: 2)
            Issue.record("corrupt row decoded")
        } catch {
            #expect(error.code == .corruptRow)
            #expect(error.height == 2)
        }
        try store.executeRaw("UPDATE blocks SET bytes = 'text' WHERE height = 3")
        #expect(throws: LedgerError(.corruptRow, height: 3, field: "bytes", "")) { _ = try store.block(at: 3) }
        try store.executeRaw("UPDATE blocks SET hash = ? WHERE height = 1", [.blob([UInt8](repeating: 0, count: 32))])
        #expect(throws: LedgerError(.hashMismatch, height: 1, field: "hash", "")) { _ = try store.block(at: 1) }
        #expect(throws: LedgerError(.notFound, height: 9, field: "blocks", "")) { _ = try store.block(at: 9) }
        // A block of a future header format.
        var future = try store.rawBlock(at: 4).bytes
        future[0] = 7
        try store.executeRaw("UPDATE blocks SET bytes = ? WHERE height = 4", [.blob(future)])
        #expect(throws: LedgerError(.unknownFormatVersion, height: 4, field: "header.version", "")) {
            _ = try store.block(at: 4)
        }
        // Reopening a ledger whose tip row is corrupt is a typed error, not a crash.
        try store.close()
        #expect(throws: LedgerError.self) { _ = try Ledger.open(at: dir.path) }
    }

    @Test func corruptCheckpointIsATypedError() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 2)
        try ledger.store.executeRaw("UPDATE checkpoints SET bytes = ? WHERE height = 2", [.blob([1, 0, 0])])
        try ledger.store.close()
        do {
            _ = try Ledger.open(at: dir.path)
            Issue.record("corrupt checkpoint accepted")
        } catch {
            #expect(error.code == .corruptRow)
            #expect(error.height == 2)
        }
    }

    @Test func truncatedAndAlteredBlobs() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let (ledger, builder) = try makeStoredChain(in: dir.path, blocks: 3)
        guard case .payload(let payload) = try ledger.store.block(at: 2).transactions[0] else {
            Issue.record("fixture changed")
            return
        }
        let digest = payload.blobs[0].digest
        #expect(try ledger.store.blobBytes(digest) == builder.blobs.blobs[digest])
        try ledger.store.executeRaw(
            "UPDATE blobs SET bytes = substr(bytes, 1, 100) WHERE digest = ?", [.blob(digest.bytes)])
        #expect(throws: LedgerError(.truncatedBlob, height: 2, field: "transactions[0].payload.blobs[0]", "")) {
            _ = try LedgerAuditor.verify(store: ledger.store)
        }
        var altered = builder.blobs.blobs[digest]!
        altered[0] ^= 1
        try ledger.store.executeRaw(
            "UPDATE blobs SET bytes = ? WHERE digest = ?", [.blob(altered), .blob(digest.bytes)])
        #expect(throws: LedgerError(.hashMismatch, height: 2, field: "transactions[0].payload.blobs[0]", "")) {
            _ = try LedgerAuditor.verify(store: ledger.store)
        }
        try ledger.store.executeRaw("DELETE FROM blobs WHERE digest = ?", [.blob(digest.bytes)])
        #expect(throws: LedgerError(.missingBlob, height: 2, field: "transactions[0].payload.blobs[0]", "")) {
            _ = try LedgerAuditor.verify(store: ledger.store)
        }
    }

    @Test func blobsAreStoredOnce() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        let store = try LedgerStore.create(at: dir.path, genesis: try ChainBuilder(seed: 1).genesis)
        let first = try store.putBlob([1, 2, 3])
        let second = try store.putBlob([1, 2, 3])
        #expect(first == second)
        #expect(first.digest == Digest.sha256([1, 2, 3]))
        #expect(try store.blobBytes(first.digest) == [1, 2, 3])
        #expect(try store.blobBytes(Digest.sha256([9])) == nil)
    }

    @Test func rejectedAppendsLeaveTheStoreUnchanged() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        var (ledger, builder) = try makeStoredChain(in: dir.path, blocks: 1)
        // A block referring to a blob that was never stored.
        var unstored = builder
        let reference = unstored.addBlob([5, 5, 5])
        let block = try unstored.nextBlock([
            .payload(ProtocolPayload(module: "log", kind: 1, body: [], blobs: [reference]))
        ])
        #expect(throws: LedgerError.self) { try ledger.append(block) }
        #expect(try ledger.store.tipHeight() == 1)
        // A block with too few commit votes.
        let weak = try builder.nextBlock([], signerCount: 2)
        #expect(throws: LedgerError(.invalidCertificate, height: 2, field: "certificate.quorum", "")) {
            try ledger.append(weak)
        }
        #expect(ledger.height == 1)
        #expect(try ledger.store.tipHeight() == 1)
        // The store refuses a block at the wrong height even without validation.
        #expect(throws: LedgerError.self) { try ledger.store.append(weak, state: ledger.state) }
    }

    /// Random byte corruption of the database file itself: opening and auditing give a report or a
    /// typed error, never a crash, and never a report of a chain longer than the one written.
    @Test func corruptDatabaseFileNeverCrashes() throws {
        let dir = TemporaryDirectory("corrupt")
        defer { dir.remove() }
        let source = dir.file("source")
        let (ledger, _) = try makeStoredChain(in: source, blocks: 6)
        let tipHash = ledger.tipHash
        try ledger.store.close()
        let original = [UInt8](try #require(FileManager.default.contents(atPath: LedgerStore.databasePath(in: source))))
        var rng = SeededRandom(seed: 31)
        var detected = 0
        for trial in 0..<12 {
            var bytes = original
            for _ in 0..<8 {
                // Skip the 100-byte SQLite header half of the time, to reach the B-tree pages.
                let start = trial % 2 == 0 ? 0 : 100
                let index = start + Int(rng.uniformInt(below: UInt64(bytes.count - start)))
                bytes[index] ^= UInt8(1 + rng.uniformInt(below: 255))
            }
            let copy = dir.file("copy\(trial)")
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: LedgerStore.databasePath(in: copy), contents: Data(bytes))
            do {
                let store = try LedgerStore.open(at: copy)
                let report = try LedgerAuditor.verify(store: store)
                // Corruption that the audit cannot see must not have changed the chain.
                #expect(report.tipHeight == 6)
                #expect(report.tipHash == tipHash)
            } catch {
                detected += 1
            }
        }
        #expect(detected > 0)
    }

    @Test func blobsCanBeAppendedWithTheirBlock() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        var (ledger, builder) = try makeStoredChain(in: dir.path, blocks: 1)
        let bytes = [UInt8](repeating: 7, count: 5000)
        let reference = builder.addBlob(bytes)
        let block = try builder.nextBlock([
            .payload(ProtocolPayload(module: "log", kind: 1, body: [], blobs: [reference]))
        ])
        // Without the blob the block is refused; with it, block and blob land together.
        #expect(throws: LedgerError(.missingBlob, height: 2, field: "transactions[0].payload.blobs[0]", "")) {
            try ledger.append(block, blobs: [[1, 2, 3]])
        }
        #expect(try ledger.store.tipHeight() == 1)
        try ledger.append(block, blobs: [bytes])
        #expect(try ledger.store.blobBytes(reference.digest) == bytes)
        #expect(try LedgerAuditor.verify(store: ledger.store).tipHeight == 2)
    }

    @Test func checkpointsAreKeptAtIntervalsAndTheTip() throws {
        let dir = TemporaryDirectory("store")
        defer { dir.remove() }
        var builder = try ChainBuilder(seed: 2, memberCount: 1)
        var ledger = try Ledger.create(at: dir.path, genesis: builder.genesis)
        let count = Int(LedgerStore.checkpointInterval) + 2
        for _ in 0..<count { try ledger.append(try builder.nextBlock([])) }
        let interval = LedgerStore.checkpointInterval
        #expect(try ledger.store.checkpointHeights() == [0, interval, UInt64(count)])
        // Reopening from an older checkpoint replays the blocks after it.
        try ledger.store.executeRaw("DELETE FROM checkpoints WHERE height = ?", [.integer(Int64(count))])
        try ledger.store.close()
        let reopened = try Ledger.open(at: dir.path)
        #expect(reopened.height == UInt64(count))
        #expect(reopened.state == ledger.state)
    }

    /// In-process torn writes: copy the database and its write-ahead log while the writer is open,
    /// cut the log at seeded random offsets (or flip a byte in it), and check that SQLite's recovery
    /// gives a store that opens at a complete block and verifies.
    @Test func tornWriteAheadLogRecoversToACompleteBlock() throws {
        let dir = TemporaryDirectory("torn")
        defer { dir.remove() }
        let source = dir.file("source")
        let (ledger, _) = try makeStoredChain(in: source, blocks: 12)
        let database = LedgerStore.databasePath(in: source)
        let main = try #require(FileManager.default.contents(atPath: database))
        let wal = try #require(FileManager.default.contents(atPath: database + "-wal"))
        #expect(wal.count > 0)
        var rng = SeededRandom(seed: 77)
        var heights = Set<UInt64>()
        for trial in 0..<16 {
            let copy = dir.file("copy\(trial)")
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            let path = LedgerStore.databasePath(in: copy)
            _ = FileManager.default.createFile(atPath: path, contents: main)
            var torn = [UInt8](wal)
            if trial % 4 == 3 {
                torn[Int(rng.uniformInt(below: UInt64(torn.count)))] ^= 0x5A
            } else {
                torn = Array(torn.prefix(Int(rng.uniformInt(below: UInt64(torn.count)))))
            }
            _ = FileManager.default.createFile(atPath: path + "-wal", contents: Data(torn))
            do {
                let reopened = try Ledger.open(at: copy)
                #expect(reopened.height <= 12)
                let report = try LedgerAuditor.verify(store: reopened.store)
                #expect(report.tipHeight == reopened.height)
                heights.insert(reopened.height)
                try reopened.store.close()
            } catch {
                // The cut may fall before the transaction that created the ledger.
                #expect(error.code == .notInitialized, "trial \(trial): \(error)")
            }
        }
        #expect(heights.count > 1, "expected recovery to different heights, got \(heights)")
        try ledger.store.close()
    }
}
