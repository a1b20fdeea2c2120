import Foundation
import GRDB
import SynodCore

/// What ``LedgerStore/verifyIntegrity(recordProgress:)`` checked.
public struct LedgerIntegrityReport: Hashable, Sendable {
    /// The tip height.
    public let tipHeight: UInt64
    /// The height verified by an earlier check (its block re-hashed, the blocks below not read).
    public let previouslyVerified: UInt64?
    /// Blocks read and checked by this call.
    public let blocksChecked: Int
}

extension LedgerStore {
    /// Checks the stored chain at open, incrementally:
    /// - no holes: heights 0…tip are all present (one SQL count; the first missing height is named);
    /// - the block of the recorded verified height (meta rows `verified_height`, `verified_hash`)
    ///   still hashes to the recorded hash;
    /// - every block above it: decodes, matches its row's height and hash, links to the block
    ///   below (`previousHash`), and its transactions' Merkle root is the header's
    ///   `transactionsRoot`.
    ///
    /// With `recordProgress` the tip becomes the verified height, so the next check reads only
    /// the blocks appended since. State roots are checked where a state is loaded (``Ledger``
    /// compares the checkpoint's root with its block's header); certificates and a full replay are
    /// `synod ledger verify`'s job. Failures are ``LedgerError``s naming the height.
    @discardableResult
    public func verifyIntegrity(recordProgress: Bool) throws(LedgerError) -> LedgerIntegrityReport {
        let tip = try tipHeight()
        try checkNoHoles(tip: tip)
        let marker = try verifiedMarker()
        var previousHash: Digest?
        var start: UInt64 = 0
        if let marker, marker.height <= tip {
            let block = try block(at: marker.height)
            guard block.hash == marker.hash else {
                throw LedgerError(
                    .hashMismatch, height: marker.height, field: "blocks",
                    "the block verified earlier hashed to \(marker.hash.hex), it now hashes to \(block.hash.hex)")
            }
            previousHash = block.hash
            start = marker.height + 1
        }
        var checked = 0
        var height = start
        while height <= tip {
            let block = try block(at: height)
            if let previousHash, block.header.previousHash != previousHash {
                throw LedgerError(
                    .brokenLink, height: height, field: "header.previousHash",
                    "\(block.header.previousHash.hex) is not the hash of block \(height - 1) (\(previousHash.hex))")
            }
            guard Block.transactionsRoot(block.transactions) == block.header.transactionsRoot else {
                throw LedgerError(
                    .transactionsRootMismatch, height: height, field: "header.transactionsRoot",
                    "the transactions' Merkle root differs from the header's \(block.header.transactionsRoot.hex)")
            }
            previousHash = block.hash
            checked += 1
            height += 1
        }
        if recordProgress, let previousHash, checked > 0 {
            try write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('verified_height', ?), ('verified_hash', ?)",
                    arguments: [Int64(tip), Data(previousHash.bytes)])
            }
        }
        return LedgerIntegrityReport(tipHeight: tip, previouslyVerified: marker?.height, blocksChecked: checked)
    }

    /// Throws `notFound` naming the first missing height if the heights 0…tip are not all stored.
    func checkNoHoles(tip: UInt64) throws(LedgerError) {
        let (count, lowest) = try read { db -> (Int64, Int64) in
            guard let row = try Row.fetchOne(db, sql: "SELECT count(*), min(height) FROM blocks") else { return (0, 0) }
            let lowest: DatabaseValue = row[1]
            guard case .int64(let low) = lowest.storage else { return (0, 0) }
            return (row[0], low)
        }
        if lowest != 0 {
            throw LedgerError(.notFound, height: 0, field: "blocks", "the genesis block (height 0) is missing")
        }
        guard UInt64(count) != tip + 1 else { return }
        let missing = try read { db -> Int64? in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT b.height + 1 FROM blocks b WHERE b.height < ? AND NOT EXISTS
                    (SELECT 1 FROM blocks c WHERE c.height = b.height + 1) ORDER BY b.height LIMIT 1
                    """, arguments: [Int64(tip)])
        }
        let height = missing.map { UInt64($0) }
        throw LedgerError(
            .notFound, height: height, field: "blocks",
            "block \(height.map(String.init) ?? "?") is missing below the tip \(tip) (\(count) of \(tip + 1) blocks stored)"
        )
    }

    /// The recorded verified height and hash, if any.
    func verifiedMarker() throws(LedgerError) -> (height: UInt64, hash: Digest)? {
        try read { db -> (height: UInt64, hash: Digest)? in
            guard
                let heightRow = try Row.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'verified_height'"),
                let hashRow = try Row.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'verified_hash'")
            else { return nil }
            let heightValue: DatabaseValue = heightRow[0]
            guard case .int64(let height) = heightValue.storage, height >= 0 else {
                throw LedgerError(.corruptRow, field: "meta.verified_height", "not a height: \(heightValue)")
            }
            let hash = try Self.blobColumn(hashRow, 0, field: "meta.verified_hash", height: UInt64(height))
            guard let digest = Digest(bytes: hash) else {
                throw LedgerError(.corruptRow, field: "meta.verified_hash", "\(hash.count) bytes, expected 32")
            }
            return (UInt64(height), digest)
        }
    }
}
