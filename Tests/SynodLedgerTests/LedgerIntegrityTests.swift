import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodLedger

/// The chain's integrity is checked when a ledger is opened: holes, links and transaction roots,
/// incrementally from the last verified height.
@Suite struct LedgerIntegrityTests {
    @Test func aDeletedBlockIsDetectedAtOpenWithItsHeight() throws {
        let dir = TemporaryDirectory("integrity")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 12)
        try ledger.store.executeRaw("DELETE FROM blocks WHERE height = 7")
        try ledger.store.close()
        do {
            _ = try Ledger.open(at: dir.path)
            Issue.record("a ledger with a hole opened")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.height == 7)
            #expect(error.reason.contains("block 7 is missing"))
        }
    }

    /// A block whose transactions were replaced under an intact header (row hash and header
    /// unchanged) fails the transactions' Merkle root; a block row with a flipped byte fails to
    /// decode or to hash to its row. Both name the height.
    @Test func aCorruptedMidChainBlockIsDetectedAtOpenWithItsHeight() throws {
        let dir = TemporaryDirectory("integrity")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 12)
        let original = try ledger.store.block(at: 6)
        let forged = Block(header: original.header, transactions: [], certificate: original.certificate)
        try ledger.store.executeRaw(
            "UPDATE blocks SET bytes = ? WHERE height = 6", [.blob(forged.canonicalBytes)])
        try ledger.store.close()
        do {
            _ = try Ledger.open(at: dir.path)
            Issue.record("a ledger with a forged block opened")
        } catch {
            #expect(error.code == .transactionsRootMismatch)
            #expect(error.height == 6)
        }

        let store = try LedgerStore.open(at: dir.path)
        var bytes = original.canonicalBytes
        bytes[40] ^= 0x01
        try store.executeRaw("UPDATE blocks SET bytes = ? WHERE height = 6", [.blob(bytes)])
        try store.close()
        do {
            _ = try Ledger.open(at: dir.path)
            Issue.record("a ledger with a corrupted block opened")
        } catch {
            #expect(error.code == .hashMismatch || error.code == .corruptRow, "\(error)")
            #expect(error.height == 6)
        }
    }

    /// The first open checks every block and records the tip; the next checks only the blocks
    /// appended since, and re-hashes the recorded block, so a changed one is still caught.
    @Test func integrityIsCheckedIncrementallyFromTheLastVerifiedHeight() throws {
        let dir = TemporaryDirectory("integrity")
        defer { dir.remove() }
        var (ledger, builder) = try makeStoredChain(in: dir.path, blocks: 10)
        let first = try ledger.store.verifyIntegrity(recordProgress: true)
        #expect(first.blocksChecked == 11)
        #expect(first.previouslyVerified == nil)
        #expect(try ledger.store.verifyIntegrity(recordProgress: true).blocksChecked == 0)
        for _ in 0..<3 { try ledger.append(try builder.nextBlock([])) }
        let next = try ledger.store.verifyIntegrity(recordProgress: false)
        #expect(next.previouslyVerified == 10)
        #expect(next.blocksChecked == 3)
        try ledger.store.close()
        let reopened = try Ledger.open(at: dir.path)
        #expect(reopened.height == 13)
        #expect(try reopened.store.verifyIntegrity(recordProgress: false).blocksChecked == 0)
        // The recorded block replaced by another valid-looking row: its hash no longer matches.
        let other = try reopened.store.rawBlock(at: 12)
        try reopened.store.executeRaw(
            "UPDATE blocks SET bytes = ?, hash = ? WHERE height = 13", [.blob(other.bytes), .blob(other.hash)])
        #expect(throws: LedgerError(.corruptRow, height: 13, field: "header.height", "")) {
            try reopened.store.verifyIntegrity(recordProgress: false)
        }
    }
}
