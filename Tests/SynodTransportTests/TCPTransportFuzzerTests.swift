import Testing

@testable import SynodTransport

@Suite("TransportFuzzer")
struct TCPTransportFuzzerTests {
    @Test("a short seeded run finds no oracle violation and exercises many rejection reasons")
    func shortRun() throws {
        let fuzzer = try TransportFuzzer(seed: 3)
        #expect(fuzzer.messages.count == 4)
        let report = fuzzer.run { $0 < 1500 }
        #expect(report.iterations == 1500)
        #expect(report.violationCount == 0, "\(report.violations)")
        let reasons: [TransportError.Code] = [
            .oversizedFrame, .truncatedFrame, .malformedHandshake, .badSignature, .decryptionFailed,
            .malformedMessage,
        ]
        for reason in reasons { #expect((report.rejected[reason] ?? 0) > 0, "\(reason)") }
    }

    @Test("the same seed gives the same report")
    func deterministic() throws {
        let a = try TransportFuzzer(seed: 9).run { $0 < 200 }
        let b = try TransportFuzzer(seed: 9).run { $0 < 200 }
        #expect(a == b)
    }
}
