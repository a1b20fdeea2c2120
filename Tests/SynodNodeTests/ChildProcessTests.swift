import Foundation
import SynodTestSupport
import Testing

@testable import SynodNode

#if canImport(Glibc)
    import Glibc
#endif

/// ``ChildProcess``: exit statuses and signals, output and environment, and exactly the
/// descriptors it is given (no other descriptor of the parent leaks into the child).
@Suite struct ChildProcessTests {
    /// Runs `/bin/sh -c script` to its end; its termination and output.
    static func shell(
        _ script: String, environment: [String: String] = [:]
    ) async throws -> (ChildProcess.Termination?, String) {
        let directory = TemporaryDirectory("synod-child")
        defer { directory.remove() }
        let path = directory.file("out")
        let output = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        try #require(output >= 0)
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", script], environment: environment, output: output)
        close(output)
        let ended = await child.wait(timeout: .seconds(30))
        return (ended, try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func exitStatusOutputAndEnvironment() async throws {
        let (ended, output) = try await Self.shell(
            "echo out; echo err >&2; echo \"$SYNOD_CHILD_TEST\"; exit 7", environment: ["SYNOD_CHILD_TEST": "42"])
        #expect(ended == .exited(7))
        #expect(output == "out\nerr\n42\n")
        let (zero, _) = try await Self.shell("exit 0")
        #expect(zero == .exited(0))
    }

    @Test func aSignalledChildReportsTheSignal() async throws {
        let child = try ChildProcess(
            executable: "/bin/sleep", arguments: ["30"], environment: [:], output: STDERR_FILENO)
        #expect(child.isRunning)
        #expect(await child.wait(timeout: .milliseconds(50)) == nil)
        child.signal(SIGTERM)
        #expect(await child.wait(timeout: .seconds(30)) == .signalled(SIGTERM))
        #expect(!child.isRunning)
        #expect(ChildProcess.Termination.signalled(SIGTERM).description == "signal \(SIGTERM)")
    }

    /// The child holds descriptors 0–3 and nothing else, although the parent holds a listener
    /// (close-on-exec) and a socket without close-on-exec; its descriptor 3 is the listener.
    @Test func theChildHoldsExactlyItsStandardDescriptorsAndTheMappedOne() async throws {
        let listener = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        let inheritable = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(inheritable >= 0)
        defer { close(inheritable) }
        #expect(fcntl(inheritable, F_GETFD) & FD_CLOEXEC == 0)
        let child = try ChildProcess(
            executable: "/bin/sleep", arguments: ["30"], environment: [:], output: STDERR_FILENO,
            descriptors: [3: listener.descriptor])
        defer { child.signal(SIGKILL) }
        func link(_ path: String) -> String? { try? FileManager.default.destinationOfSymbolicLink(atPath: path) }
        // sleep may still be starting (loading its locale); poll until it holds only what it keeps.
        var held: [String] = []
        for _ in 0..<500 {
            held = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd").sorted()) ?? []
            if held == ["0", "1", "2", "3"] { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(held == ["0", "1", "2", "3"])
        #expect(link("/proc/\(child.pid)/fd/3") == link("/proc/self/fd/\(listener.descriptor)"))
        #expect(link("/proc/\(child.pid)/fd/0") == "/dev/null")
    }

    @Test func aMappedDescriptorBelowThreeIsRefused() throws {
        let error = #expect(throws: NodeError.self) {
            try ChildProcess(
                executable: "/bin/true", arguments: [], environment: [:], output: STDERR_FILENO, descriptors: [2: 0])
        }
        #expect(error?.code == .invalidArgument)
    }
}
