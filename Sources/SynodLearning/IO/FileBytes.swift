#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads and atomic whole-file writes with typed errors, on POSIX calls (so a missing
/// file, a permission problem and an I/O error are told apart by `errno`).
public enum FileBytes {
    /// The largest file ``read(_:limit:)`` accepts by default: 4 GiB.
    public static let defaultLimit = 4 << 30

    /// Reads the whole file at `path`.
    ///
    /// - Throws: ``FileFormatError`` `.fileNotFound`, `.unreadable` (permissions, directory, I/O
    ///   error) or `.limitExceeded` when the file is larger than `limit` bytes.
    public static func read(_ path: String, limit: Int = defaultLimit) throws(FileFormatError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            let code = errno
            if code == ENOENT {
                throw FileFormatError(.fileNotFound, file: path, "no such file")
            }
            throw FileFormatError(.unreadable, file: path, "cannot open: \(errorText(code))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw FileFormatError(.unreadable, file: path, "cannot stat: \(errorText(errno))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileFormatError(.unreadable, file: path, "not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw FileFormatError(.limitExceeded, file: path, "file is \(size) bytes, limit is \(limit)")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress! + done, size - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileFormatError(.unreadable, file: path, offset: done, "read failed: \(errorText(errno))")
            }
            if n == 0 {
                throw FileFormatError(.truncated, file: path, offset: done, "file shrank while being read")
            }
            done += n
        }
        return bytes
    }

    /// Writes `bytes` to `path` atomically: to `path.tmp-<pid>` first, fsync, then rename over `path`.
    ///
    /// - Throws: ``FileFormatError`` `.unwritable` naming the failing step.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileFormatError) {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw FileFormatError(.unwritable, file: path, "cannot create \(temporary): \(errorText(errno))")
        }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress! + done, bytes.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw FileFormatError(.unwritable, file: path, "write failed: \(errorText(code))")
            }
            done += n
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw FileFormatError(.unwritable, file: path, "cannot flush: \(errorText(code))")
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw FileFormatError(.unwritable, file: path, "cannot rename into place: \(errorText(code))")
        }
    }

    /// Whether a regular file exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, pointer, count)
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}
