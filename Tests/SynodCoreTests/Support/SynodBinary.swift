import Foundation

/// Finds and runs the `synod` executable built next to the test bundle (`.build/<config>/synod`).
///
/// Lookup order: `$SYNOD_BINARY` if set; otherwise the directories containing the running test
/// executable (`/proc/self/exe` on Linux, `Bundle.main` elsewhere) and their parents, up to four
/// levels (on macOS the test binary sits inside `SynodPackageTests.xctest/Contents/MacOS/`); last,
/// `.build/debug/synod` under the package root.
enum SynodBinary {
    /// The result of one run.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The path of the `synod` executable, or `nil` if it has not been built.
    static let path: String? = {
        let fileManager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["SYNOD_BINARY"],
            fileManager.isExecutableFile(atPath: explicit)
        {
            return explicit
        }
        var starts: [URL] = []
        if let resolved = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: resolved))
        }
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]))
        for start in starts {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("synod").path
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                    fileManager.isExecutableFile(atPath: candidate)
                {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        // Last resort: the package's own debug build, found from this source file's location
        // (Tests/SynodCoreTests/Support/SynodBinary.swift → package root).
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let fallback = packageRoot.appendingPathComponent(".build/debug/synod").path
        return fileManager.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    /// Runs `synod` with `arguments` (optionally through `/bin/sh -c` with a `umask` first) and
    /// returns its status and output.
    static func run(_ arguments: [String], umask mask: String? = nil) throws -> Output {
        guard let path else { throw LookupError() }
        let process = Process()
        if let mask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            let quoted = ([path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            process.arguments = ["-c", "umask \(mask) && exec " + quoted.joined(separator: " ")]
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// `synod` was not found next to the test bundle.
    struct LookupError: Error, CustomStringConvertible {
        var description: String {
            "the synod executable was not found next to the test bundle; build it (swift build --build-tests) "
                + "or set SYNOD_BINARY"
        }
    }
}
