import Foundation
import SynodTestSupport
import Testing

@testable import SynodCore

/// `synod vrf prove|verify` run as a process: output JSON and exit statuses 0, 1 and 2.
@Suite struct VRFCommandTests {
    typealias S = VRFTestSupport

    static func run(_ arguments: [String]) throws -> ProcessOutput { try SynodBinary.run(arguments) }

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
