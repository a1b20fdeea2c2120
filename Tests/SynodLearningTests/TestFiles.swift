import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh temporary directory for one test, removed when the value is deinitialised.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/synod-test-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed")
        path = String(cString: result!)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func makeDirectory(_ name: String) -> String {
        let p = file(name)
        mkdir(p, 0o755)
        return p
    }

    deinit {
        removeTree(path)
    }

    private func removeTree(_ p: String) {
        if let dir = opendir(p) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                let child = p + "/" + name
                var info = stat()
                if lstat(child, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    removeTree(child)
                } else {
                    unlink(child)
                }
            }
            closedir(dir)
        }
        rmdir(p)
    }
}

/// Writes raw bytes to a file (for corrupt-file tests).
func writeBytes(_ bytes: [UInt8], to path: String) {
    let f = fopen(path, "wb")!
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, f) }
    fclose(f)
}

/// The golden .npy/.safetensors files NumPy wrote (committed), plus the fresh ones of a
/// `crosscheck/formats/roundtrip.sh` run (`SYNOD_FORMATS_PYTHON_DIR`), and where Swift writes its
/// files for Python to check (`SYNOD_FORMATS_SWIFT_DIR`).
enum GoldenFormats {
    static let committed: String =
        Bundle.module.url(forResource: "Resources", withExtension: nil)!.path
        + "/golden-formats"

    static let directories: [String] = {
        var dirs = [committed]
        if let fresh = ProcessInfo.processInfo.environment["SYNOD_FORMATS_PYTHON_DIR"] { dirs.append(fresh) }
        return dirs
    }()

    static let swiftOutput: String? = ProcessInfo.processInfo.environment["SYNOD_FORMATS_SWIFT_DIR"]

    /// Element i of a ramp tensor: (i − 7) · 0.125, the formula of `python_writes.py`.
    static func ramp(_ count: Int) -> [Double] { (0..<count).map { Double($0 - 7) * 0.125 } }
}
