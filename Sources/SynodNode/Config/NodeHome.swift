import Foundation
import SynodCore

/// The files of a node's home directory (see `docs/node.md`):
///
/// ```
/// HOME/config.toml     NodeConfig
/// HOME/node_key.json   the identity key (KeyFile, mode 0600)
/// HOME/genesis.json    NodeGenesis (shared by all members)
/// HOME/ledger/         the SynodLedger store (`synod ledger verify HOME/ledger`)
/// HOME/<data_dir>/     consensus.wal, status.json, node.log (cluster runs)
/// ```
public struct NodeHome: Hashable, Sendable {
    /// The home directory.
    public let path: String

    /// A home at `path` (nothing is read).
    public init(path: String) { self.path = path }

    /// `HOME/config.toml`.
    public var configPath: String { path + "/config.toml" }
    /// `HOME/node_key.json`.
    public var keyPath: String { path + "/node_key.json" }
    /// `HOME/genesis.json`.
    public var genesisPath: String { path + "/genesis.json" }
    /// `HOME/ledger`.
    public var ledgerDirectory: String { path + "/ledger" }

    /// The data directory of `config` (relative paths are under the home).
    public func dataDirectory(_ config: NodeConfig) -> String {
        config.dataDirectory.hasPrefix("/") ? config.dataDirectory : path + "/" + config.dataDirectory
    }
    /// The consensus write-ahead log.
    public func walPath(_ config: NodeConfig) -> String { dataDirectory(config) + "/consensus.wal" }
    /// The status file written every second by a running node.
    public func statusPath(_ config: NodeConfig) -> String { dataDirectory(config) + "/status.json" }

    /// Reads and parses `config.toml`.
    public func loadConfig() throws(NodeError) -> NodeConfig {
        try NodeConfig.parse(try Self.readText(configPath, limit: 1 << 20), source: configPath)
    }

    /// Reads and parses `genesis.json`.
    public func loadGenesis() throws(NodeError) -> NodeGenesis {
        try NodeGenesis.parse(
            Array(try Self.readText(genesisPath, limit: NodeGenesis.maxFileBytes).utf8), source: genesisPath)
    }

    /// Reads the identity key.
    public func loadKey() throws(NodeError) -> SigningKey {
        do {
            return try KeyFile.read(from: keyPath)
        } catch {
            throw NodeError(.io, "\(keyPath): \(error)")
        }
    }

    /// Creates the home: a new key (or `key`) and `config`; refuses an existing key or config.
    public func initialize(config: NodeConfig, key: SigningKey = SigningKey()) throws(NodeError) {
        let manager = FileManager.default
        for file in [keyPath, configPath] where manager.fileExists(atPath: file) {
            throw NodeError(.alreadyExists, "\(file) already exists")
        }
        try Self.createDirectory(path)
        do {
            try KeyFile.write(key, to: keyPath)
        } catch {
            throw NodeError(.io, "\(keyPath): \(error)")
        }
        try Self.writeAtomically(config.render(), to: configPath)
    }

    /// Reads a UTF-8 text file of at most `limit` bytes.
    public static func readText(_ path: String, limit: Int) throws(NodeError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NodeError(.io, "\(path): cannot read the file")
        }
        guard data.count <= limit else { throw NodeError(.io, "\(path): larger than \(limit) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw NodeError(.io, "\(path): not UTF-8") }
        return text
    }

    /// Creates the directory `path` and its parents if missing; the error names the path and the
    /// system's reason (never Foundation's raw error text).
    public static func createDirectory(_ path: String) throws(NodeError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw NodeError(.io, "\(path): cannot create the directory: \(SystemErrorText.describe(error))")
        }
    }

    /// Writes `text` to a temporary file, sets its mode to `permissions` (exactly, whatever the
    /// umask), syncs it and renames it over `path` (readers never see half a file).
    public static func writeAtomically(_ text: String, to path: String, permissions: UInt16 = 0o644)
        throws(NodeError)
    {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw NodeError(.io, "\(temporary): cannot create: \(posixReason())") }
        var failure: String?
        if fchmod(fd, mode_t(permissions)) != 0 { failure = "cannot set mode: \(posixReason())" }
        let bytes = Array(text.utf8)
        var written = 0
        while failure == nil, written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = "cannot write: \(posixReason())"
            } else {
                written += count
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "cannot sync: \(posixReason())" }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot rename into place: \(posixReason())" }
        if let failure {
            unlink(temporary)
            throw NodeError(.io, "\(path): \(failure)")
        }
    }

    private static func posixReason() -> String { String(cString: strerror(errno)) }
}
