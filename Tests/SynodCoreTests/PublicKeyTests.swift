import Testing

@testable import SynodCore

@Suite struct PublicKeyTests {
    static func keys(_ count: Int, seed: UInt64 = 3) -> [SigningKey] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in SigningKey(using: &rng) }
    }

    @Test func wrongLengthsAndBadHexAreRejected() {
        for count in [0, 31, 33] {
            #expect(throws: IdentityError(.invalidPublicKey, "")) {
                _ = try PublicKey(bytes: [UInt8](repeating: 7, count: count))
            }
        }
        #expect(throws: IdentityError(.invalidPublicKey, "")) { _ = try PublicKey(hex: "zz") }
        #expect(throws: IdentityError(.invalidPublicKey, "")) { _ = try PublicKey(hex: "00") }
    }

    @Test func bytesHexAndCanonicalEncodingRoundTrip() throws {
        let key = Self.keys(1)[0].publicKey
        #expect(try PublicKey(bytes: key.bytes) == key)
        #expect(try PublicKey(hex: key.hex) == key)
        #expect(try PublicKey(hex: key.hex.uppercased()) == key)
        #expect(key.canonicalBytes == key.bytes)
        #expect(try PublicKey(canonicalBytes: key.bytes) == key)
        #expect(key.description == String(key.hex.prefix(16)))
    }

    @Test func orderIsByteLexicographic() {
        let keys = Self.keys(20).map(\.publicKey)
        let sorted = keys.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            #expect(a.bytes.lexicographicallyPrecedes(b.bytes))
            #expect(a.hex < b.hex)
        }
    }

    @Test func verificationIsBoundToKeyPayloadAndDomain() throws {
        let keys = Self.keys(2)
        let signature = keys[0].sign([1, 2, 3], domain: .envelope)
        #expect(keys[0].publicKey.isValidSignature(signature, for: [1, 2, 3], domain: .envelope))
        #expect(!keys[1].publicKey.isValidSignature(signature, for: [1, 2, 3], domain: .envelope))
        #expect(!keys[0].publicKey.isValidSignature(signature, for: [1, 2, 4], domain: .envelope))
        #expect(!keys[0].publicKey.isValidSignature(signature, for: [1, 2, 3], domain: .transaction))
        for index in [0, 31, 32, 63] {
            var bytes = signature.bytes
            bytes[index] ^= 0x01
            let tampered = try #require(Signature(bytes: bytes))
            #expect(!keys[0].publicKey.isValidSignature(tampered, for: [1, 2, 3], domain: .envelope))
        }
        // Bytes that are accepted as a key but are not a curve point never verify.
        let notAPoint = try PublicKey(bytes: [UInt8](repeating: 0xFF, count: 32))
        #expect(!notAPoint.isValidSignature(signature, for: [1, 2, 3], domain: .envelope))
    }
}
