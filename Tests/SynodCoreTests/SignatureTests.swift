import Testing

@testable import SynodCore

@Suite struct SignatureTests {
    @Test func onlySixtyFourBytesAreASignature() throws {
        #expect(Signature(bytes: [UInt8](repeating: 0, count: 63)) == nil)
        #expect(Signature(bytes: [UInt8](repeating: 0, count: 65)) == nil)
        let signature = try #require(Signature(bytes: Array(0..<64)))
        #expect(signature.canonicalBytes == Array(0..<64))
        #expect(try Signature(canonicalBytes: Array(0..<64)) == signature)
        #expect(signature.hex.count == 128)
        #expect(signature.description == "0001020304050607…")
        #expect(throws: CanonicalDecodingError(.truncated, field: "Signature", offset: 0, reason: "")) {
            _ = try Signature(canonicalBytes: Array(0..<63))
        }
    }
}
