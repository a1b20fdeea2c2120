import Foundation
import Testing

@testable import SynodCore

/// `synod vrf prove|verify` run as a process: output JSON and exit statuses 0, 1 and 2.
@Suite struct VRFCommandTests {
    typealias S = VRFTestSupport

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `synod` binary built next to the test bundle (or under `.build/debug`).
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("synod"))
        }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synod"))
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/synod"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "no synod binary in \(candidates.map(\.path)); build it with `swift build`")
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func proveAndVerifyRFCExampleWithEmptyAlpha() throws {
        let vector = try S.vectors()[0]
        #expect(vector.alpha.isEmpty)
        let proved = try Self.run(["vrf", "prove", "--secret-key", vector.sk, "--alpha", ""])
        #expect(proved.status == 0, "\(proved.stderr)")
        let output = try Self.json(proved.stdout)
        #expect(output["publicKey"] as? String == vector.pk)
        #expect(output["proof"] as? String == vector.pi)
        #expect(output["beta"] as? String == vector.beta)

        let verified = try Self.run(["vrf", "verify", "--public-key", vector.pk, "--proof", vector.pi, "--alpha", ""])
        #expect(verified.status == 0, "\(verified.stderr)")
        let result = try Self.json(verified.stdout)
        #expect(result["valid"] as? Bool == true)
        #expect(result["beta"] as? String == vector.beta)
    }

    @Test func invalidProofsExitOne() throws {
        let vector = try S.vectors()[2]
        let wrongAlpha = try Self.run([
            "vrf", "verify", "--public-key", vector.pk, "--proof", vector.pi, "--alpha", "af83",
        ])
        #expect(wrongAlpha.status == 1)
        let result = try Self.json(wrongAlpha.stdout)
        #expect(result["valid"] as? Bool == false)
        #expect(result["beta"] is NSNull)
        // A small-order public key is well-formed hex but invalid.
        let smallOrder = try Self.run([
            "vrf", "verify", "--public-key", "01" + String(repeating: "00", count: 31), "--proof", vector.pi,
            "--alpha", vector.alpha,
        ])
        #expect(smallOrder.status == 1)
        #expect(!smallOrder.stderr.isEmpty)
    }

    @Test func malformedInputExitsTwo() throws {
        let vector = try S.vectors()[1]
        let cases: [[String]] = [
            ["vrf", "verify", "--public-key", "zz", "--proof", vector.pi, "--alpha", vector.alpha],
            ["vrf", "verify", "--public-key", vector.pk + "00", "--proof", vector.pi, "--alpha", vector.alpha],
            ["vrf", "verify", "--public-key", vector.pk, "--proof", String(vector.pi.dropLast(2)), "--alpha", "72"],
            ["vrf", "verify", "--public-key", vector.pk, "--proof", vector.pi, "--alpha", "7"],
            ["vrf", "verify", "--public-key", vector.pk, "--proof", vector.pi],
            ["vrf", "prove", "--secret-key", "00", "--alpha", "72"],
        ]
        for arguments in cases {
            let run = try Self.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains("error"), "\(arguments)")
            #expect(run.stdout.isEmpty, "\(arguments)")
        }
    }
}
