import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A write-ahead log stored as numbered segment files `PATH.000000000001`, `PATH.000000000002`, …
/// (a file at `PATH` itself is read as segment 0). One file descriptor stays open on the newest
/// segment; each append is one `write` + `fsync`.
///
/// Compaction (``rewrite(_:)``) never rewrites the log: it writes the records still needed into
/// the next segment (temporary file, `fsync`, `rename`, directory `fsync`), appends continue
/// there, and the older segments are deleted whole. A crash between the rename and the deletion
/// leaves older segments, which the next open deletes (the newest segment is always complete).
///
/// Opening drops a torn tail (the last frame cut short or failing its checksum with nothing
/// intact after it). A frame that fails its checksum with an intact frame after it is not a torn
/// write but corruption in the middle of the log: opening refuses with ``ConsensusError/Code/corruptLog``
/// naming the segment and byte offset (``LogCorruption``), since records after it would be lost.
public final class FileWriteAheadLog: WriteAheadLog {
    /// The log's base path (segments are `path.NNNNNNNNNNNN`).
    public let path: String
    /// Bytes dropped as a torn tail when the log was opened.
    public private(set) var droppedTailBytes = 0
    /// Whether opening created the log (no segment existed).
    public let created: Bool
    /// The newest segment's number.
    public private(set) var segment: UInt64
    /// Bytes written (appends and compaction) since the log was opened.
    public private(set) var bytesWritten: UInt64 = 0
    private var descriptor: Int32

    /// Opens (creating if needed) the log at `path`: deletes segments an interrupted compaction
    /// left behind, drops a torn tail, refuses a corrupt middle.
    public init(path: String) throws(ConsensusError) {
        self.path = path
        Self.removeTemporaryFiles(path)
        let segments = Self.segments(of: path)
        if let newest = segments.last {
            for older in segments.dropLast() { unlink(Self.segmentPath(path, older)) }
            segment = newest
            created = false
        } else {
            segment = 1
            created = true
        }
        let file = Self.segmentPath(path, segment)
        let existing = try Self.readFile(file, create: true)
        let scan = WALFraming.scan(existing)
        if let corruption = scan.corruption {
            throw ConsensusError(.corruptLog, corruption.describe(file: file))
        }
        if scan.validLength < existing.count {
            droppedTailBytes = existing.count - scan.validLength
            guard truncate(file, off_t(scan.validLength)) == 0 else {
                throw ConsensusError(.ioFailure, "\(file): cannot truncate torn tail (errno \(errno))")
            }
        }
        descriptor = try Self.openForAppend(file)
        if created { Self.syncDirectory(of: path) }
    }

    deinit { close(descriptor) }

    /// Whether any segment of the log at `path` exists.
    public static func exists(path: String) -> Bool { !segments(of: path).isEmpty }

    /// The newest segment's file.
    public var segmentPath: String { Self.segmentPath(path, segment) }

    /// The file of segment `number` (0: the unnumbered file at `path`).
    public static func segmentPath(_ path: String, _ number: UInt64) -> String {
        if number == 0 { return path }
        let digits = String(number)
        return path + "." + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The segment numbers present at `path`, ascending.
    public static func segments(of path: String) -> [UInt64] {
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        var numbers: [UInt64] = []
        if FileManager.default.fileExists(atPath: path) { numbers.append(0) }
        for name in names where name.hasPrefix(prefix) {
            let suffix = name.dropFirst(prefix.count)
            guard suffix.count == 12, suffix.allSatisfy(\.isASCII), let number = UInt64(suffix), number > 0 else {
                continue
            }
            numbers.append(number)
        }
        return numbers.sorted()
    }

    static func removeTemporaryFiles(_ path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    static func readFile(_ path: String, create: Bool) throws(ConsensusError) -> [UInt8] {
        let fd = open(path, create ? (O_RDONLY | O_CREAT) : O_RDONLY, 0o600)
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

    static func openForAppend(_ path: String) throws(ConsensusError) -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw ConsensusError(.ioFailure, "\(path): cannot open for append (errno \(errno))") }
        return fd
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

    /// Makes a rename or a new file in the log's directory durable.
    static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    public func append(_ records: [[UInt8]]) throws(ConsensusError) {
        guard !records.isEmpty else { return }
        try WALFraming.checkSizes(records, log: path)
        let bytes = records.flatMap { WALFraming.frame($0) }
        try Self.writeAll(descriptor, bytes, path: segmentPath)
        bytesWritten += UInt64(bytes.count)
    }

    /// The records of the newest segment (the whole log once opened: older segments are gone).
    /// Corruption before the end is an error, as at open.
    public func records() throws(ConsensusError) -> [[UInt8]] {
        let file = segmentPath
        let scan = WALFraming.scan(try Self.readFile(file, create: false))
        if let corruption = scan.corruption { throw ConsensusError(.corruptLog, corruption.describe(file: file)) }
        return scan.records
    }

    /// Starts the next segment holding `records`, then deletes the older segments whole.
    public func rewrite(_ records: [[UInt8]]) throws(ConsensusError) {
        try WALFraming.checkSizes(records, log: path)
        let next = segment + 1
        let target = Self.segmentPath(path, next)
        let temporary = target + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw ConsensusError(.ioFailure, "\(temporary): cannot create (errno \(errno))") }
        let bytes = records.flatMap { WALFraming.frame($0) }
        do {
            try Self.writeAll(fd, bytes, path: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, target) == 0 else {
            throw ConsensusError(.ioFailure, "\(target): rename failed (errno \(errno))")
        }
        Self.syncDirectory(of: path)
        bytesWritten += UInt64(bytes.count)
        let appendDescriptor = try Self.openForAppend(target)
        close(descriptor)
        descriptor = appendDescriptor
        let previous = segment
        segment = next
        for older in Self.segments(of: path) where older <= previous { unlink(Self.segmentPath(path, older)) }
    }
}
