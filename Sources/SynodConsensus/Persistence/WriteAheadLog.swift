/// Durable, append-only storage of framed records (``WALFraming``). `append` returns only when
/// the records are durable; all records of one replica step are appended together (group commit).
public protocol WriteAheadLog {
    /// Appends records durably.
    mutating func append(_ records: [[UInt8]]) throws(ConsensusError)
    /// All intact records in order (a torn tail is dropped).
    func records() throws(ConsensusError) -> [[UInt8]]
    /// Atomically replaces the log's content with `records` (compaction).
    mutating func rewrite(_ records: [[UInt8]]) throws(ConsensusError)
}

/// The in-memory log of the simulator: the bytes a disk would hold, including torn writes.
public struct InMemoryWriteAheadLog: WriteAheadLog, Sendable {
    /// The raw log bytes.
    public private(set) var bytes: [UInt8] = []
    /// Number of durable appends performed (each record is one write).
    public private(set) var writes = 0

    /// Creates an empty log.
    public init() {}

    public mutating func append(_ records: [[UInt8]]) throws(ConsensusError) {
        try WALFraming.checkSizes(records, log: "in-memory log")
        for record in records {
            bytes.append(contentsOf: WALFraming.frame(record))
            writes += 1
        }
    }

    /// Simulates a crash in the middle of writing `record`: only its first `keptBytes` bytes
    /// (of the framed record) reach the disk.
    public mutating func appendTorn(_ record: [UInt8], keptBytes: Int) {
        let framed = WALFraming.frame(record)
        bytes.append(contentsOf: framed.prefix(max(0, min(keptBytes, framed.count - 1))))
    }

    public func records() throws(ConsensusError) -> [[UInt8]] { WALFraming.unframe(bytes).records }

    /// Drops a torn tail, as a restart does.
    public mutating func recover() {
        let valid = WALFraming.unframe(bytes).validLength
        if valid < bytes.count { bytes.removeLast(bytes.count - valid) }
    }

    public mutating func rewrite(_ records: [[UInt8]]) throws(ConsensusError) {
        try WALFraming.checkSizes(records, log: "in-memory log")
        bytes = records.flatMap { WALFraming.frame($0) }
    }
}
