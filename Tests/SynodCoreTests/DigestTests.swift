import PropertyBased
import Testing

@testable import SynodCore

/// SHA-256/512 known answers (FIPS 180-2 appendix examples, NIST CAVS short messages) and the
/// `Digest` value type.
@Suite struct DigestTests {
    static let abc = Array("abc".utf8)
    static let twoBlock = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)

    @Test func sha256KnownAnswers() {
        #expect(Digest.sha256(Self.abc).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.sha256([UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha256(Self.twoBlock).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            Digest.sha256([UInt8](repeating: 0x61, count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha512KnownAnswers() {
        #expect(
            Hex.encode(Digest.sha512(Self.abc))
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(
            Hex.encode(Digest.sha512([UInt8]()))
                == "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        let message = Array(
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8)
        #expect(
            Hex.encode(Digest.sha512(message))
                == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
        #expect(Digest.sha512(Self.abc).count == 64)
    }

    @Test func partsHashLikeTheirConcatenation() {
        #expect(Digest.sha256(parts: [Array("ab".utf8), [], Array("c".utf8)]) == Digest.sha256(Self.abc))
        #expect(Digest.sha256(parts: []) == Digest.sha256([UInt8]()))
    }

    @Test func hexRoundTripsInEitherCase() async {
        await propertyCheck(input: Gen<UInt8>.value().array(of: 32)) { (bytes) async throws in
            let digest = try #require(Digest(bytes: bytes))
            #expect(digest.bytes == bytes)
            #expect(digest.hex == Hex.encode(bytes))
            #expect(digest.hex.count == 64)
            #expect(Digest(hex: digest.hex) == digest)
            #expect(Digest(hex: digest.hex.uppercased()) == digest)
            #expect(digest.description == digest.hex)
            #expect(digest.short == String(digest.hex.prefix(8)))
            #expect(try Digest(canonicalBytes: digest.canonicalBytes) == digest)
            #expect(digest.canonicalBytes == bytes)
        }
    }

    @Test func malformedHexAndWrongLengthsAreRejected() {
        let good = String(repeating: "ab", count: 32)
        #expect(Digest(hex: good) != nil)
        #expect(Digest(hex: String(good.dropLast(2))) == nil)  // 31 bytes
        #expect(Digest(hex: good + "00") == nil)  // 33 bytes
        #expect(Digest(hex: String(good.dropLast())) == nil)  // odd length
        #expect(Digest(hex: "0x" + String(good.dropFirst(2))) == nil)
        #expect(Digest(hex: String(good.dropLast()) + "g") == nil)
        #expect(Digest(hex: String(good.dropLast()) + "é") == nil)
        #expect(Digest(bytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(Digest(bytes: [UInt8](repeating: 0, count: 33)) == nil)
        #expect(Digest.zero.bytes == [UInt8](repeating: 0, count: 32))
    }

    @Test func orderIsByteLexicographic() async {
        await propertyCheck(input: Gen<UInt8>.value().array(of: 32), Gen<UInt8>.value().array(of: 32)) {
            (a, b) async throws in
            let x = try #require(Digest(bytes: a))
            let y = try #require(Digest(bytes: b))
            #expect((x < y) == a.lexicographicallyPrecedes(b))
            #expect((x < y) == (x.hex < y.hex))
            #expect((x == y) == (a == b))
        }
        // Differences in the last byte and across word boundaries.
        var low = [UInt8](repeating: 0, count: 32)
        var high = low
        high[31] = 1
        #expect(Digest(bytes: low)! < Digest(bytes: high)!)
        low[7] = 1
        high[8] = 0xFF
        #expect(Digest(bytes: high)! < Digest(bytes: low)!)
        #expect(Digest.zero < Digest.sha256([UInt8]()))
    }

    @Test func floatDigestHashesLittleEndianBitPatterns() async {
        await propertyCheck(input: Samples.floatBits.array(of: 0...64)) { (floats) async throws in
            var bytes: [UInt8] = []
            for value in floats {
                let bits = value.bitPattern
                bytes += [
                    UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                    UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24),
                ]
            }
            #expect(Digest.sha256(floats: floats) == Digest.sha256(bytes))
        }
        // −0 and +0 differ; two NaN payloads differ.
        #expect(Digest.sha256(floats: [0.0]) != Digest.sha256(floats: [-0.0]))
        #expect(
            Digest.sha256(floats: [Float(bitPattern: 0x7FC0_0000)])
                != Digest.sha256(floats: [Float(bitPattern: 0x7FC0_0001)]))
        #expect(Digest.sha256(floats: [1.0]) == Digest.sha256([0x00, 0x00, 0x80, 0x3F]))
    }

    @Test func truncatedDigestIsRejected() {
        #expect(throws: CanonicalDecodingError(.truncated, field: "Digest", offset: 0, reason: "")) {
            _ = try Digest(canonicalBytes: [UInt8](repeating: 1, count: 31))
        }
    }
}
