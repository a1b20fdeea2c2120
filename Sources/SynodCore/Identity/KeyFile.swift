import Foundation

/// Reads and writes a node's Ed25519 key file.
///
/// Format: a JSON object `{"type": "ed25519", "secretKey": hex32, "publicKey": hex32, "nodeID": hex32}`.
/// Files are written with mode 0600 and refused on load if group or others can read them, if the
/// JSON is malformed, if the key has the wrong length, or if the stored public key or node ID do
/// not match the secret key.
public enum KeyFile {
    private struct Contents: Codable {
        var type: String
        var secretKey: String
        var publicKey: String
        var nodeID: String
    }

    /// Writes `key` to `path` with mode 0600; refuses to overwrite unless `overwrite` is set.
    public static func write(_ key: SigningKey, to path: String, overwrite: Bool = false) throws(IdentityError) {
        let contents = Contents(
            type: "ed25519", secretKey: Hex.encode(key.seed), publicKey: key.publicKey.hex, nodeID: key.nodeID.hex)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(contents) else {
            throw IdentityError(.keyFileWrite, "cannot encode key for \(path)")
        }
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw IdentityError(.keyFileWrite, "\(path) already exists (refusing to overwrite a key)")
        }
        let flags = O_WRONLY | O_CREAT | O_TRUNC | (overwrite ? 0 : O_EXCL)
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            throw IdentityError(.keyFileWrite, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // O_CREAT's mode is filtered by the umask and ignored for an existing file: force 0600.
        guard fchmod(fd, 0o600) == 0 else {
            throw IdentityError(.keyFileWrite, "cannot set mode 0600 on \(path)")
        }
        var bytes = Array(data)
        bytes.append(UInt8(ascii: "\n"))
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw IdentityError(.keyFileWrite, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Loads a key from `path`, checking permissions, format, length and consistency.
    public static func read(from path: String) throws(IdentityError) -> SigningKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw IdentityError(.keyFileUnreadable, "cannot read key file \(path): \(String(cString: strerror(errno)))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw IdentityError(
                .keyFilePermissions,
                "key file \(path) has mode \(String(mode, radix: 8)); it must not be readable by group or others (chmod 600 \(path))"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IdentityError(.keyFileUnreadable, "cannot read key file \(path)")
        }
        guard let contents = try? JSONDecoder().decode(Contents.self, from: data) else {
            throw IdentityError(
                .keyFileMalformed,
                "\(path) is not a Synod key file (expected JSON with type, secretKey, publicKey, nodeID)")
        }
        guard contents.type == "ed25519" else {
            throw IdentityError(.keyFileMalformed, "\(path): unsupported key type '\(contents.type)'")
        }
        guard let seed = Hex.decode(contents.secretKey) else {
            throw IdentityError(.keyFileMalformed, "\(path): secretKey is not hex")
        }
        guard seed.count == 32 else {
            throw IdentityError(.keyFileMalformed, "\(path): secretKey has \(seed.count) bytes, expected 32")
        }
        let key = try SigningKey(seed: seed)
        guard contents.publicKey.lowercased() == key.publicKey.hex else {
            throw IdentityError(.keyFileMalformed, "\(path): publicKey does not match secretKey")
        }
        guard contents.nodeID.lowercased() == key.nodeID.hex else {
            throw IdentityError(.keyFileMalformed, "\(path): nodeID does not match the public key")
        }
        return key
    }
}
