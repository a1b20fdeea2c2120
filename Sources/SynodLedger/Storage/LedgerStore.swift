import Foundation
import GRDB
import SynodCore

/// Durable ledger storage in one SQLite database (`DIR/ledger.sqlite`) through GRDB, in WAL mode
/// with `synchronous = FULL`.
///
/// Schema (format version ``formatVersion``, recorded in `meta.format_version`):
/// - `meta(key TEXT PRIMARY KEY, value)`: `format_version` (integer), `chain_id` (text), `genesis`
///   (the canonical ``Genesis`` bytes);
/// - `blocks(height INTEGER PRIMARY KEY, hash BLOB, bytes BLOB)`: the canonical ``Block`` bytes and
///   the header hash;
/// - `checkpoints(height INTEGER PRIMARY KEY, state_root BLOB, bytes BLOB)`: ``LedgerState/snapshotBytes``
///   at the tip and every ``checkpointInterval`` heights;
/// - `blobs(digest BLOB PRIMARY KEY, size INTEGER, bytes BLOB)`: content-addressed blobs, stored once.
///
/// Durability: ``append(_:state:)`` writes the block and the checkpoint of the state after it in one
/// SQLite transaction. In WAL mode a transaction is committed exactly when its commit frame is in the
/// WAL; with `synchronous = FULL` the WAL is fsynced before `COMMIT` returns, so a committed block
/// survives a process kill *and* a power loss, and a transaction cut short by a crash is ignored on
/// recovery (WAL frames carry checksums and a commit marker). Every row read is validated: wrong
/// column types, bytes that do not decode and hashes that do not match are ``LedgerError``s.
public final class LedgerStore: BlobSource, Sendable {
    /// The store format this build writes and reads.
    public static let formatVersion: Int64 = 1
    /// The database file's name inside the ledger directory.
    public static let databaseFileName = "ledger.sqlite"
    /// Checkpoints at multiples of this height are kept; others are replaced by the next block's.
    public static let checkpointInterval: UInt64 = 100

    /// The ledger directory.
    public let directory: String
    let queue: DatabaseQueue

    private init(directory: String, queue: DatabaseQueue) {
        self.directory = directory
        self.queue = queue
    }

    /// The path of the database inside `directory`.
    public static func databasePath(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(databaseFileName)
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        if !readOnly { configuration.journalMode = .wal }
        configuration.prepareDatabase { db in
            // FULL: fsync the WAL at every commit, so an acknowledged append survives power loss too.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    // MARK: Creating and opening

    /// Creates a new ledger in `directory` (created if needed) holding `genesis`, the genesis block
    /// (height 0) and the genesis state, all in one transaction.
    public static func create(at directory: String, genesis: Genesis) throws(LedgerError) -> LedgerStore {
        let state = try LedgerState(genesis: genesis)
        let block = genesisBlock(genesis: genesis, state: state)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LedgerError(.unreadable, field: "directory", "cannot create \(directory): \(error)")
        }
        let queue = try openQueue(databasePath(in: directory), readOnly: false)
        let store = LedgerStore(directory: directory, queue: queue)
        try store.write { db in
            let exists =
                try Bool.fetchOne(
                    db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'") ?? false
            if exists {
                throw LedgerError(.alreadyExists, field: "directory", "\(directory) already holds a ledger")
            }
            try db.execute(
                sql: """
                    CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value NOT NULL);
                    CREATE TABLE blocks(height INTEGER PRIMARY KEY NOT NULL, hash BLOB NOT NULL, bytes BLOB NOT NULL);
                    CREATE TABLE checkpoints(
                        height INTEGER PRIMARY KEY NOT NULL, state_root BLOB NOT NULL, bytes BLOB NOT NULL);
                    CREATE TABLE blobs(digest BLOB PRIMARY KEY NOT NULL, size INTEGER NOT NULL, bytes BLOB NOT NULL);
                    """)
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES ('format_version', ?), ('chain_id', ?), ('genesis', ?)",
                arguments: [formatVersion, genesis.chainID, Data(genesis.canonicalBytes)])
            try insert(block, state: state, previousHeight: nil, db: db)
        }
        return store
    }

    /// The genesis block for `genesis`: height 0, `previousHash` = digest of the genesis document,
    /// no transactions, the genesis state root, a zero proposer, no certificate.
    public static func genesisBlock(genesis: Genesis, state: LedgerState) -> Block {
        let header = BlockHeader(
            chainID: genesis.chainID, height: 0, previousHash: genesis.canonicalDigest,
            transactionsRoot: Block.transactionsRoot([]), stateRoot: state.root, proposer: NodeID(digest: .zero),
            view: 0, timestamp: genesis.timestamp)
        return Block(header: header, transactions: [], certificate: nil)
    }

    /// Opens the ledger in `directory`, checking that it exists, is a ledger and has a known format version.
    public static func open(at directory: String, readOnly: Bool = false) throws(LedgerError) -> LedgerStore {
        let path = databasePath(in: directory)
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.unreadable, field: "directory", "\(path) does not exist")
        }
        let store = LedgerStore(directory: directory, queue: try openQueue(path, readOnly: readOnly))
        do {
            try store.checkFormat()
        } catch  where error.code == .storage {
            // SQLite could not read the file at all (e.g. "file is not a database").
            throw LedgerError(.unreadable, field: "database", error.reason)
        }
        return store
    }

    private static func openQueue(_ path: String, readOnly: Bool) throws(LedgerError) -> DatabaseQueue {
        do {
            return try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly))
        } catch {
            throw LedgerError(.unreadable, field: "database", "cannot open \(path): \(error)")
        }
    }

    private func checkFormat() throws(LedgerError) {
        try read { db in
            let exists =
                try Bool.fetchOne(
                    db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'") ?? false
            guard exists else {
                throw LedgerError(.notInitialized, field: "meta", "\(self.directory) holds no ledger (no meta table)")
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format_version'") else {
                throw LedgerError(.notInitialized, field: "meta.format_version", "no format version row")
            }
            let value: DatabaseValue = row[0]
            guard case .int64(let version) = value.storage else {
                throw LedgerError(
                    .corruptRow, field: "meta.format_version", "format version is not an integer: \(value)")
            }
            guard version == Self.formatVersion else {
                throw LedgerError(
                    .unknownFormatVersion, field: "meta.format_version",
                    "store format version \(version); this build reads version \(Self.formatVersion)")
            }
        }
    }

    /// Closes the database.
    public func close() throws(LedgerError) {
        do { try queue.close() } catch { throw LedgerError(.storage, field: "database", "close failed: \(error)") }
    }

    // MARK: Reading

    /// The genesis document.
    public func genesis() throws(LedgerError) -> Genesis {
        let bytes = try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'genesis'") else {
                throw LedgerError(.corruptRow, height: 0, field: "meta.genesis", "the genesis row is missing")
            }
            return try Self.blobColumn(row, 0, field: "meta.genesis", height: 0)
        }
        do {
            return try Genesis(canonicalBytes: bytes)
        } catch {
            if error.kind == .unknownTag && error.field.hasSuffix(".version") {
                throw LedgerError(.unknownFormatVersion, height: 0, field: "meta.genesis", error.reason)
            }
            throw LedgerError(decoding: error, height: 0, what: "the genesis document")
        }
    }

    /// The height of the last stored block.
    public func tipHeight() throws(LedgerError) -> UInt64 {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT max(height) FROM blocks") else {
                throw LedgerError(.corruptRow, field: "blocks", "no blocks")
            }
            let value: DatabaseValue = row[0]
            guard case .int64(let height) = value.storage, height >= 0 else {
                throw LedgerError(.corruptRow, field: "blocks", "the ledger has no blocks (not even genesis)")
            }
            return UInt64(height)
        }
    }

    /// The stored bytes and hash column of the block at `height`, unvalidated (for the auditor).
    public func rawBlock(at height: UInt64) throws(LedgerError) -> (bytes: [UInt8], hash: [UInt8]) {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT bytes, hash FROM blocks WHERE height = ?", arguments: [Int64(height)])
            else {
                throw LedgerError(.notFound, height: height, field: "blocks", "no block at height \(height)")
            }
            return (
                try Self.blobColumn(row, 0, field: "bytes", height: height),
                try Self.blobColumn(row, 1, field: "hash", height: height)
            )
        }
    }

    /// The block at `height`, decoded and checked against its row (height and hash columns).
    public func block(at height: UInt64) throws(LedgerError) -> Block {
        let (bytes, hash) = try rawBlock(at: height)
        let block = try Self.decodeBlock(bytes, height: height)
        guard block.header.height == height else {
            throw LedgerError(
                .corruptRow, height: height, field: "header.height",
                "the row for height \(height) holds a block of height \(block.header.height)")
        }
        guard block.hash.bytes == hash else {
            throw LedgerError(
                .hashMismatch, height: height, field: "hash",
                "the stored hash \(Hex.encode(hash)) differs from the header's hash \(block.hash.hex)")
        }
        return block
    }

    /// Decodes stored block bytes, mapping failures to ``LedgerError``.
    public static func decodeBlock(_ bytes: [UInt8], height: UInt64) throws(LedgerError) -> Block {
        do {
            return try Block(canonicalBytes: bytes)
        } catch {
            if error.kind == .unknownTag && error.field.hasSuffix(".version") {
                throw LedgerError(.unknownFormatVersion, height: height, field: "header.version", error.reason)
            }
            throw LedgerError(decoding: error, height: height, what: "the block row")
        }
    }

    /// The heights that have a state checkpoint, ascending.
    public func checkpointHeights() throws(LedgerError) -> [UInt64] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT height FROM checkpoints ORDER BY height").map { row throws -> UInt64 in
                let value: DatabaseValue = row[0]
                guard case .int64(let height) = value.storage, height >= 0 else {
                    throw LedgerError(.corruptRow, field: "checkpoints.height", "not a height: \(value)")
                }
                return UInt64(height)
            }
        }
    }

    /// The checkpointed state at `height`, decoded and checked against its stored root.
    public func checkpoint(at height: UInt64) throws(LedgerError) -> LedgerState {
        let (bytes, root) = try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT bytes, state_root FROM checkpoints WHERE height = ?", arguments: [Int64(height)])
            else {
                throw LedgerError(.notFound, height: height, field: "checkpoint", "no checkpoint at height \(height)")
            }
            return (
                try Self.blobColumn(row, 0, field: "checkpoint", height: height),
                try Self.blobColumn(row, 1, field: "checkpoint.stateRoot", height: height)
            )
        }
        let state: LedgerState
        do {
            state = try LedgerState(snapshot: bytes)
        } catch {
            throw LedgerError(decoding: error, height: height, what: "the checkpoint row")
        }
        guard state.height == height else {
            throw LedgerError(
                .corruptRow, height: height, field: "checkpoint", "the checkpoint is for height \(state.height)")
        }
        guard state.root.bytes == root else {
            throw LedgerError(
                .hashMismatch, height: height, field: "checkpoint.stateRoot",
                "the checkpoint's state hashes to \(state.root.hex), its row says \(Hex.encode(root))")
        }
        return state
    }

    // MARK: Blobs

    /// Stores `bytes` under its SHA-256 (once: storing the same bytes again is a no-op) and returns its reference.
    @discardableResult
    public func putBlob(_ bytes: [UInt8]) throws(LedgerError) -> BlobReference {
        let reference = BlobReference(bytes: bytes)
        try write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO blobs(digest, size, bytes) VALUES (?, ?, ?)",
                arguments: [Data(reference.digest.bytes), Int64(bytes.count), Data(bytes)])
        }
        return reference
    }

    /// The stored bytes of a blob, or `nil`. Callers check size and hash (``BlobSource/checkedBlob(_:)``).
    public func blobBytes(_ digest: Digest) throws(LedgerError) -> [UInt8]? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT bytes FROM blobs WHERE digest = ?", arguments: [Data(digest.bytes)])
            else { return nil }
            return try Self.blobColumn(row, 0, field: "blob", height: nil)
        }
    }

    // MARK: Appending

    /// Appends `block` (which must be the block at tip + 1) together with the checkpoint of `state`
    /// (the state after it) and any new `blobs` in one atomic transaction. Checks that every blob the
    /// block references is stored (or among `blobs`).
    /// It does not validate the block: ``Ledger/append(_:)`` does.
    public func append(_ block: Block, state: LedgerState, blobs: [[UInt8]] = []) throws(LedgerError) {
        let height = block.height
        guard state.height == height else {
            throw LedgerError(
                .invalidArgument, height: height, field: "state", "the state is for height \(state.height)")
        }
        try write { db in
            for bytes in blobs {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO blobs(digest, size, bytes) VALUES (?, ?, ?)",
                    arguments: [Data(Digest.sha256(bytes).bytes), Int64(bytes.count), Data(bytes)])
            }
            let tipValue = try DatabaseValue.fetchOne(db, sql: "SELECT max(height) FROM blocks") ?? .null
            guard case .int64(let tip) = tipValue.storage, tip >= 0, UInt64(tip) + 1 == height else {
                throw LedgerError(
                    .invalidArgument, height: height, field: "header.height",
                    "the tip is \(tipValue), cannot append \(height)")
            }
            for (index, transaction) in block.transactions.enumerated() {
                guard case .payload(let payload) = transaction else { continue }
                for (blobIndex, reference) in payload.blobs.enumerated() {
                    let present =
                        try Bool.fetchOne(
                            db, sql: "SELECT count(*) > 0 FROM blobs WHERE digest = ?",
                            arguments: [Data(reference.digest.bytes)]) ?? false
                    guard present else {
                        throw LedgerError(
                            .missingBlob, height: height, field: "transactions[\(index)].payload.blobs[\(blobIndex)]",
                            "blob \(reference.digest.hex) must be stored before the block that refers to it")
                    }
                }
            }
            try Self.insert(block, state: state, previousHeight: UInt64(tip), db: db)
        }
    }

    private static func insert(_ block: Block, state: LedgerState, previousHeight: UInt64?, db: Database) throws {
        let height = Int64(block.height)
        try db.execute(
            sql: "INSERT INTO blocks(height, hash, bytes) VALUES (?, ?, ?)",
            arguments: [height, Data(block.hash.bytes), Data(block.canonicalBytes)])
        try db.execute(
            sql: "INSERT OR REPLACE INTO checkpoints(height, state_root, bytes) VALUES (?, ?, ?)",
            arguments: [height, Data(state.root.bytes), Data(state.snapshotBytes)])
        if let previousHeight, previousHeight != 0, previousHeight % checkpointInterval != 0 {
            try db.execute(sql: "DELETE FROM checkpoints WHERE height = ?", arguments: [Int64(previousHeight)])
        }
    }

    // MARK: Helpers

    /// Reads a BLOB column, rejecting any other storage class.
    static func blobColumn(_ row: Row, _ index: Int, field: String, height: UInt64?) throws(LedgerError) -> [UInt8] {
        let value: DatabaseValue = row[index]
        guard case .blob(let data) = value.storage else {
            throw LedgerError(.corruptRow, height: height, field: field, "expected a BLOB column, found \(value)")
        }
        return [UInt8](data)
    }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.storage, field: "database", "\(directory): \(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.storage, field: "database", "\(directory): \(error)")
        }
    }
}
