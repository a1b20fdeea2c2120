import GRDB
import SynodCore

extension LedgerAuditor {
    /// The tables of a ledger database; any other (non-SQLite) table is a stray.
    static let knownTables: Set<String> = ["meta", "blocks", "checkpoints", "blobs"]
    /// The rows of the `meta` table; any other key is a stray.
    static let knownMetaKeys: Set<String> = [
        "format_version", "chain_id", "genesis", "verified_height", "verified_hash",
    ]

    /// Checks the rows the block-by-block audit does not read (`corruptRow` naming the table):
    /// - no table besides ``knownTables``, and `meta` holds exactly ``knownMetaKeys``;
    /// - `meta.chain_id` is text equal to the genesis document's chain ID;
    /// - `blocks` holds exactly the heights 0…tip (no row below 0; holes are reported by the audit
    ///   itself as `notFound` at their height);
    /// - no checkpoint above the tip;
    /// - every blob row's size and SHA-256 match its `digest` key.
    static func checkRows(store: LedgerStore, genesis: Genesis, tipHeight: UInt64) throws(LedgerError) {
        try store.read { db in
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            if let stray = tables.first(where: { !knownTables.contains($0) }) {
                throw LedgerError(.corruptRow, field: "database", "stray table '\(stray)'")
            }
            let metaRows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta ORDER BY key")
            var chainID: DatabaseValue?
            for row in metaRows {
                let key: DatabaseValue = row[0]
                guard case .string(let name) = key.storage, knownMetaKeys.contains(name) else {
                    throw LedgerError(.corruptRow, field: "meta", "stray meta row with key \(key)")
                }
                if name == "chain_id" { chainID = row[1] }
            }
            guard let chainID else {
                throw LedgerError(.corruptRow, field: "meta.chain_id", "the chain_id row is missing")
            }
            guard case .string(let text) = chainID.storage else {
                throw LedgerError(.corruptRow, field: "meta.chain_id", "chain_id is not text: \(chainID)")
            }
            guard text == genesis.chainID else {
                throw LedgerError(
                    .corruptRow, field: "meta.chain_id",
                    "chain_id '\(text)' differs from the genesis document's '\(genesis.chainID)'")
            }
            let below = try Int.fetchOne(db, sql: "SELECT count(*) FROM blocks WHERE height < 0") ?? 0
            guard below == 0 else {
                throw LedgerError(.corruptRow, field: "blocks", "\(below) stray block row(s) below height 0")
            }
            let above =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM checkpoints WHERE height > ? OR height < 0",
                    arguments: [Int64(tipHeight)])
                ?? 0
            guard above == 0 else {
                throw LedgerError(
                    .corruptRow, field: "checkpoints", "\(above) stray checkpoint row(s) outside heights 0…\(tipHeight)"
                )
            }
            let blobs = try Row.fetchCursor(db, sql: "SELECT digest, size, bytes FROM blobs")
            while let row = try blobs.next() {
                let digest = try LedgerStore.blobColumn(row, 0, field: "blobs.digest", height: nil)
                let bytes = try LedgerStore.blobColumn(row, 2, field: "blobs.bytes", height: nil)
                let size: DatabaseValue = row[1]
                let hash = Digest.sha256(bytes)
                let hex = hash.hex
                guard hash.bytes == digest else {
                    throw LedgerError(
                        .corruptRow, field: "blobs", "a blob row's bytes hash to \(hex), not to its digest key")
                }
                guard case .int64(let stated) = size.storage, stated == Int64(bytes.count) else {
                    throw LedgerError(
                        .corruptRow, field: "blobs", "blob \(hex) states size \(size) but holds \(bytes.count) bytes")
                }
            }
        }
    }
}
