import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// The golden safetensors file PyTorch wrote (committed).
    static let torch: String =
        Bundle.module.url(forResource: "Resources", withExtension: nil)!.path
        + "/golden-torch"

    static let directories: [String] = {
        var dirs = [committed]
        if let fresh = ProcessInfo.processInfo.environment["SYNOD_FORMATS_PYTHON_DIR"] { dirs.append(fresh) }
        return dirs
    }()

    static let swiftOutput: String? = ProcessInfo.processInfo.environment["SYNOD_FORMATS_SWIFT_DIR"]

    /// Element i of a ramp tensor: (i − 7) · 0.125, the formula of `python_writes.py`.
    static func ramp(_ count: Int) -> [Double] { (0..<count).map { Double($0 - 7) * 0.125 } }
}
