#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A write-ahead log in one file: each append is `write` + `fsync`; opening it drops (truncates)
/// a torn or corrupt tail; compaction writes a new file, fsyncs it and renames it over the old one.
public struct FileWriteAheadLog: WriteAheadLog {
    /// The file path.
    public let path: String
    /// Bytes dropped as a torn tail when the log was opened.
    public private(set) var droppedTailBytes = 0

    /// Opens (creating if needed) the log at `path`, dropping a torn tail.
    public init(path: String) throws(ConsensusError) {
        self.path = path
        let existing = try Self.readFile(path)
        let valid = WALFraming.unframe(existing).validLength
        if valid < existing.count {
            droppedTailBytes = existing.count - valid
            guard truncate(path, off_t(valid)) == 0 else {
                throw ConsensusError(.ioFailure, "\(path): cannot truncate torn tail (errno \(errno))")
            }
        }
    }

    static func readFile(_ path: String) throws(ConsensusError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CREAT, 0o600)
        guard fd >= 0 else { throw ConsensusError(.ioFailure, "\(path): cannot open (errno \(errno))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw ConsensusError(.ioFailure, "\(path): read failed (errno \(errno))") }
            if count == 0 { break }
            out.append(contentsOf: buffer[0..<count])
        }
        return out
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ConsensusError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ConsensusError(.ioFailure, "\(path): write failed (errno \(errno))")
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw ConsensusError(.ioFailure, "\(path): fsync failed (errno \(errno))") }
    }

    public mutating func append(_ records: [[UInt8]]) throws(ConsensusError) {
        guard !records.isEmpty else { return }
        try WALFraming.checkSizes(records, log: path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw ConsensusError(.ioFailure, "\(path): cannot open for append (errno \(errno))") }
        defer { close(fd) }
        try Self.writeAll(fd, records.flatMap { WALFraming.frame($0) }, path: path)
    }

    public func records() throws(ConsensusError) -> [[UInt8]] {
        WALFraming.unframe(try Self.readFile(path)).records
    }

    public mutating func rewrite(_ records: [[UInt8]]) throws(ConsensusError) {
        try WALFraming.checkSizes(records, log: path)
        let temporary = path + ".compact"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw ConsensusError(.ioFailure, "\(temporary): cannot create (errno \(errno))") }
        do {
            try Self.writeAll(fd, records.flatMap { WALFraming.frame($0) }, path: temporary)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            throw ConsensusError(.ioFailure, "\(path): rename failed (errno \(errno))")
        }
    }
}
