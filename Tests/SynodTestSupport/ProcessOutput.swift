import Foundation

/// The exit status and output of a child process run to completion.
public struct ProcessOutput: Sendable {
    /// The exit status (or the signal number if the process was killed).
    public var status: Int32
    /// Everything the process wrote to standard output, as UTF-8.
    public var stdout: String
    /// Everything the process wrote to standard error, as UTF-8.
    public var stderr: String

    /// Runs the executable at `path` with `arguments` (optionally through `/bin/sh -c` with a
    /// `umask` first), with standard input from `/dev/null`, and waits for it to exit.
    public static func run(_ path: String, _ arguments: [String], umask mask: String? = nil) throws -> ProcessOutput {
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
        // Read both pipes to the end before waiting, so the child cannot block on a full pipe
        // while this process waits for it.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
