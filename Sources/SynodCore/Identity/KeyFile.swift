import Foundation

/// Reads and writes a node's Ed25519 key file.
///
/// Format: a UTF-8 JSON object with sorted keys and a trailing newline,
/// ```json
/// {
///   "nodeID" : "<64 hex: SHA-256 of publicKey>",
///   "publicKey" : "<64 hex: RFC 8032 public key>",
///   "secretKey" : "<64 hex: RFC 8032 32-byte seed>",
///   "type" : "ed25519"
/// }
/// ```
/// Hex is written lower-case and read in either case; unknown extra fields are ignored on load (so
/// later versions can add fields). Files are created with mode 0600 whatever the umask. Loading
/// refuses, each with its own ``IdentityError/Code`` and a reason naming the file: a missing file
/// (`keyFileMissing`), a non-regular, unreadable or over-large file (`keyFileUnreadable`), a file
/// readable by group or others (`keyFilePermissions`), anything that is not such a JSON object
/// with hex fields and `type` `ed25519` (`keyFileMalformed`), a field of the wrong byte length
/// (`keyFileWrongLength`), and a public key or node ID that does not match the secret key
/// (`keyFileMismatch`).
public enum KeyFile {
    /// The largest key file accepted on load (a real one is about 250 bytes).
    public static let maxFileSize = 64 << 10

    private struct Contents: Codable {
        var type: String
        var secretKey: String
        var publicKey: String
        var nodeID: String
    }

    /// The exact bytes ``write(_:to:overwrite:)`` stores for `key`.
    public static func contents(of key: SigningKey) -> [UInt8] {
        // Hand-written (not JSONEncoder) so the bytes are identical on every platform.
        let text = """
            {
              "nodeID" : "\(key.nodeID.hex)",
              "publicKey" : "\(key.publicKey.hex)",
              "secretKey" : "\(Hex.encode(key.seed))",
              "type" : "ed25519"
            }

            """
        return Array(text.utf8)
    }

    /// Writes `key` to `path` with mode 0600 (forced with `fchmod`, so the umask cannot widen or
    /// narrow it).
    ///
    /// Without `overwrite`, an existing file is never touched (`keyFileExists`; the file is created
    /// with `O_EXCL`, so a race cannot clobber it either). With `overwrite`, the key is written to
    /// a temporary file in the same directory and renamed over `path`, so a crash leaves either the
    /// old key or the new one, never a truncated file.
    public static func write(_ key: SigningKey, to path: String, overwrite: Bool = false) throws(IdentityError) {
        guard !path.isEmpty else { throw IdentityError(.keyFileWrite, "empty key file path") }
        let bytes = contents(of: key)
        if !overwrite {
            try create(path, bytes: bytes, reportExisting: true)
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        try create(temporary, bytes: bytes, reportExisting: false)
        guard rename(temporary, path) == 0 else {
            let message = lastError()
            unlink(temporary)
            throw IdentityError(.keyFileWrite, "cannot replace \(path): \(message)")
        }
        syncDirectory(of: path)
    }

    /// Creates `path` exclusively with mode 0600 and writes `bytes` durably; removes it on failure.
    private static func create(_ path: String, bytes: [UInt8], reportExisting: Bool) throws(IdentityError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST && reportExisting {
                throw IdentityError(.keyFileExists, "\(path) already exists (refusing to overwrite a key)")
            }
            throw IdentityError(.keyFileWrite, "cannot create \(path): \(lastError())")
        }
        var failure: String?
        // O_CREAT's mode is filtered by the umask: force exactly 0600.
        if fchmod(fd, 0o600) != 0 {
            failure = "cannot set mode 0600: \(lastError())"
        } else {
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { raw in
                    Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                }
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else {
                    failure = "cannot write: \(lastError())"
                    break
                }
                written += result
            }
            if failure == nil && fsync(fd) != 0 { failure = "cannot sync: \(lastError())" }
        }
        if close(fd) != 0 && failure == nil { failure = "cannot close: \(lastError())" }
        if let failure {
            unlink(path)
            throw IdentityError(.keyFileWrite, "\(path): \(failure)")
        }
    }

    /// Best-effort `fsync` of the directory holding `path`, so a rename survives a crash.
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    /// Loads a key from `path`, checking existence, permissions, size, format, lengths and
    /// consistency (see ``KeyFile`` for the error codes).
    public static func read(from path: String) throws(IdentityError) -> SigningKey {
        let bytes = try readProtectedFile(path)
        guard let contents = try? JSONDecoder().decode(Contents.self, from: Data(bytes)) else {
            throw IdentityError(
                .keyFileMalformed,
                "\(path) is not a Synod key file (expected a JSON object with string fields type, secretKey, "
                    + "publicKey, nodeID)")
        }
        guard contents.type == "ed25519" else {
            throw IdentityError(
                .keyFileMalformed, "\(path): unsupported key type '\(contents.type)', expected 'ed25519'")
        }
        let seed = try hexField(contents.secretKey, "secretKey", count: 32, path)
        let publicKey = try hexField(contents.publicKey, "publicKey", count: PublicKey.byteCount, path)
        let nodeID = try hexField(contents.nodeID, "nodeID", count: Digest.byteCount, path)
        let key: SigningKey
        do {
            key = try SigningKey(seed: seed)
        } catch {
            throw IdentityError(.keyFileMalformed, "\(path): secretKey: \(error.reason)")
        }
        guard publicKey == key.publicKey.bytes else {
            throw IdentityError(.keyFileMismatch, "\(path): publicKey does not match secretKey")
        }
        guard nodeID == key.nodeID.digest.bytes else {
            throw IdentityError(.keyFileMismatch, "\(path): nodeID is not SHA-256 of the public key")
        }
        return key
    }

    private static func hexField(_ text: String, _ name: String, count: Int, _ path: String) throws(IdentityError)
        -> [UInt8]
    {
        guard let bytes = Hex.decode(text) else {
            throw IdentityError(.keyFileMalformed, "\(path): \(name) is not hex")
        }
        guard bytes.count == count else {
            throw IdentityError(.keyFileWrongLength, "\(path): \(name) has \(bytes.count) bytes, expected \(count)")
        }
        return bytes
    }

    /// Opens `path`, checks (on the open descriptor, so there is no race) that it is a regular file
    /// of at most ``maxFileSize`` bytes that group and others cannot access, and reads it.
    private static func readProtectedFile(_ path: String) throws(IdentityError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not hang waiting for a writer (it is then rejected as
        // not a regular file); it has no effect on reads of a regular file.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { throw IdentityError(.keyFileMissing, "key file \(path) does not exist") }
            throw IdentityError(.keyFileUnreadable, "cannot open key file \(path): \(lastError())")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw IdentityError(.keyFileUnreadable, "cannot stat key file \(path): \(lastError())")
        }
        guard info.st_mode & 0o170000 == 0o100000 else {  // S_ISREG
            throw IdentityError(.keyFileUnreadable, "key file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw IdentityError(
                .keyFilePermissions,
                "key file \(path) has mode \(String(mode, radix: 8)); it must not be accessible by group or "
                    + "others (chmod 600 \(path))")
        }
        guard Int(info.st_size) <= maxFileSize else {
            throw IdentityError(
                .keyFileUnreadable, "key file \(path) has \(info.st_size) bytes, more than \(maxFileSize)")
        }
        var bytes = [UInt8](repeating: 0, count: maxFileSize + 1)
        var total = 0
        while total < bytes.count {
            let result = bytes.withUnsafeMutableBytes { raw in
                Foundation.read(fd, raw.baseAddress! + total, raw.count - total)
            }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else {
                throw IdentityError(.keyFileUnreadable, "cannot read key file \(path): \(lastError())")
            }
            if result == 0 { break }
            total += result
        }
        guard total <= maxFileSize else {
            throw IdentityError(.keyFileUnreadable, "key file \(path) is larger than \(maxFileSize) bytes")
        }
        return Array(bytes[..<total])
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
