import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodLedger

/// The audit reads every row, not only the blocks: the `meta.chain_id` row must match the genesis
/// document and stray rows or tables are refused (`corruptRow` naming the table).
@Suite struct LedgerAuditorRowsTests {
    /// Builds a 3-block chain, runs `tamper` on its store, and returns the audit error.
    func auditError(_ tamper: (LedgerStore) throws -> Void) throws -> LedgerError? {
        let dir = TemporaryDirectory("audit-rows")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 3)
        try tamper(ledger.store)
        do {
            _ = try LedgerAuditor.verify(store: ledger.store)
            return nil
        } catch {
            return error
        }
    }

    @Test func anIntactLedgerHasNoStrayRows() throws {
        #expect(try auditError { _ in } == nil)
    }

    @Test func aChainIDRowThatDiffersFromTheGenesisIsRefused() throws {
        let error = try auditError { store in
            try store.executeRaw("UPDATE meta SET value = 'another-chain' WHERE key = 'chain_id'")
        }
        #expect(error?.code == .corruptRow)
        #expect(error?.field == "meta.chain_id")
        #expect(error?.reason.contains("another-chain") == true)
    }

    @Test func aMissingOrNonTextChainIDRowIsRefused() throws {
        let missing = try auditError { store in try store.executeRaw("DELETE FROM meta WHERE key = 'chain_id'") }
        #expect(missing?.field == "meta.chain_id")
        let blob = try auditError { store in
            try store.executeRaw("UPDATE meta SET value = ? WHERE key = 'chain_id'", [.blob([1, 2])])
        }
        #expect(blob?.field == "meta.chain_id")
    }

    @Test func strayRowsAndTablesAreRefused() throws {
        let meta = try auditError { store in
            try store.executeRaw("INSERT INTO meta(key, value) VALUES ('owner', 'mallory')")
        }
        #expect(meta?.code == .corruptRow)
        #expect(meta?.field == "meta")
        let table = try auditError { store in try store.executeRaw("CREATE TABLE notes(x)") }
        #expect(table?.field == "database")
        let block = try auditError { store in
            try store.executeRaw("INSERT INTO blocks(height, hash, bytes) VALUES (-1, x'00', x'00')")
        }
        #expect(block?.field == "blocks")
        let checkpoint = try auditError { store in
            try store.executeRaw("INSERT INTO checkpoints(height, state_root, bytes) VALUES (99, x'00', x'00')")
        }
        #expect(checkpoint?.field == "checkpoints")
        let blob = try auditError { store in
            try store.executeRaw("INSERT INTO blobs(digest, size, bytes) VALUES (x'0011', 3, x'010203')")
        }
        #expect(blob?.field == "blobs")
        #expect(blob?.reason.contains("digest") == true)
    }
}
