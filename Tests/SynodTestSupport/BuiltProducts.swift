import Foundation

/// The executables of this package that `swift build --build-tests` builds next to the tests
/// (`synod`, `synod-ledger-crash-writer`).
public enum BuiltProducts {
    /// The path of the executable product `name`, or `nil` if it has not been built.
    ///
    /// Lookup order: `$SYNOD_BINARY` for `synod` if it is set; the directories holding the running
    /// test executable (`/proc/self/exe` on Linux, `Bundle.main`, `argv[0]`, the loaded bundles) and
    /// their parents, up to four levels up (on macOS the test binary sits inside
    /// `SynodPackageTests.xctest/Contents/MacOS/`); last, `.build/debug/<name>` under the package root.
    public static func path(_ name: String) -> String? {
        let fileManager = FileManager.default
        if name == "synod", let explicit = ProcessInfo.processInfo.environment["SYNOD_BINARY"],
            fileManager.isExecutableFile(atPath: explicit)
        {
            return explicit
        }
        return candidates(name).first { candidate in
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: candidate)
        }
    }

    /// Where ``path(_:)`` looks for `name`, in order.
    public static func candidates(_ name: String) -> [String] {
        var starts: [URL] = []
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: resolved))
        }
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL)
        starts += Bundle.allBundles.map(\.bundleURL)
        var candidates: [String] = []
        for start in starts {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<5 {
                candidates.append(directory.appendingPathComponent(name).path)
                directory = directory.deletingLastPathComponent()
            }
        }
        // This file is Tests/SynodTestSupport/BuiltProducts.swift: the package root is two levels up.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/\(name)").path)
        return candidates
    }

    /// ``path(_:)``, or an error that says how to build `name`.
    public static func require(_ name: String) throws -> String {
        guard let found = path(name) else { throw NotBuilt(name: name) }
        return found
    }

    /// An executable product was not found.
    public struct NotBuilt: Error, CustomStringConvertible {
        /// The product's name.
        public var name: String
        public var description: String {
            "the \(name) executable was not found next to the test bundle; build it with swift build --build-tests"
                + (name == "synod" ? " (or set SYNOD_BINARY)" : "")
        }
    }
}
