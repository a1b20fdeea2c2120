import Foundation

/// A fresh directory under the system temporary directory for one test.
///
/// The directory is removed by ``remove()`` or, at the latest, when the value is deinitialised.
public final class TemporaryDirectory: Sendable {
    /// The absolute path of the directory.
    public let path: String

    /// Creates `<tmp>/<label>-<pid>-<random>`.
    public init(_ label: String = "synod-test") {
        let name = "\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create the temporary directory \(url.path): \(error)")
        }
        path = url.path
    }

    deinit { remove() }

    /// `path/name`.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Creates the subdirectory `name` and returns its path.
    @discardableResult
    public func makeDirectory(_ name: String) -> String {
        let target = file(name)
        try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        return target
    }

    /// Writes `bytes` to `name` with `mode` (set explicitly, whatever the umask).
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8], mode: Int = 0o600) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: target)
        return target
    }

    /// The permission bits of `path`.
    public static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// The names in the directory, sorted.
    public func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    /// Removes the directory and everything in it (nothing happens if it is already gone).
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
