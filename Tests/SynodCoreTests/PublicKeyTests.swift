import SynodTestSupport
import Testing

@testable import SynodCore

@Suite struct PublicKeyTests {
    static func keys(_ count: Int, seed: UInt64 = 3) -> [SigningKey] {
        TestKeys.signing(count, seed: seed)
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
        // Malleability: S + L (L = 2^252 + 27742317777372353535851937790883648493, the group
        // order) is rejected, as RFC 8032 §5.1.7 requires S < L.
        let order: [UInt8] = [
            0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ]
        var malleated = signature.bytes
        var carry = 0
        for index in 0..<32 {
            let sum = Int(malleated[32 + index]) + Int(order[index]) + carry
            malleated[32 + index] = UInt8(sum & 0xFF)
            carry = sum >> 8
        }
        #expect(carry == 0)
        #expect(
            !keys[0].publicKey.isValidSignature(
                try #require(Signature(bytes: malleated)), for: [1, 2, 3], domain: .envelope))
        // Bytes that are accepted as a key but are not a curve point never verify.
        let notAPoint = try PublicKey(bytes: [UInt8](repeating: 0xFF, count: 32))
        #expect(!notAPoint.isValidSignature(signature, for: [1, 2, 3], domain: .envelope))
    }
}
