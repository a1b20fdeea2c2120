import SynodTestSupport
import Testing

@testable import SynodCore

/// Signed envelopes: verification, tampering, and decoding errors inside the payload.
@Suite struct SignedTests {
    static func keys() -> [SigningKey] {
        TestKeys.signing(2, seed: 21)
    }

    static var sample: Sample { CanonicalDecoderTests.fixed }

    @Test func signedEnvelopeVerifiesAndRoundTrips() throws {
        let key = Self.keys()[0]
        let signed = Signed(Self.sample, key: key)
        #expect(signed.isValid())
        #expect(signed.signer == key.publicKey)
        #expect(signed.signerID == key.nodeID)
        #expect(signed.payloadBytes == Self.sample.canonicalBytes)
        #expect(throws: Never.self) { try signed.verified() }
        let bytes = signed.canonicalBytes
        #expect(bytes.count == 4 + signed.payloadBytes.count + 32 + 64)
        let decoded = try Signed<Sample>(canonicalBytes: bytes)
        #expect(decoded == signed)
        #expect(decoded.payload == Self.sample)
        #expect(decoded.isValid())
        // A non-default domain.
        let vote = Signed(Self.sample, key: key, domain: .transaction)
        #expect(vote.isValid(domain: .transaction))
        #expect(!vote.isValid())
    }

    @Test func tamperingIsRejected() throws {
        let keys = Self.keys()
        let signed = Signed(Self.sample, key: keys[0])
        // Payload: another value under the same signature.
        var other = Self.sample
        other.u64 += 1
        let tamperedPayload = try Signed<Sample>(
            payloadBytes: other.canonicalBytes, signer: signed.signer, signature: signed.signature)
        #expect(!tamperedPayload.isValid())
        // Signer: someone else's key.
        let tamperedSigner = try Signed<Sample>(
            payloadBytes: signed.payloadBytes, signer: keys[1].publicKey, signature: signed.signature)
        #expect(!tamperedSigner.isValid())
        // Signature: one flipped bit anywhere.
        for index in [0, 20, 40, 63] {
            var raw = signed.signature.bytes
            raw[index] ^= 0x80
            let tampered = try Signed<Sample>(
                payloadBytes: signed.payloadBytes, signer: signed.signer, signature: try #require(Signature(bytes: raw))
            )
            #expect(!tampered.isValid())
        }
        // Domain: valid in its own domain only.
        #expect(!signed.isValid(domain: .consensusVote))
        #expect(throws: IdentityError(.invalidSignature, "")) { try signed.verified(domain: .transaction) }
        // Tampering with the encoded bytes: every single-byte flip is rejected, either at decoding
        // or at verification.
        let bytes = signed.canonicalBytes
        for index in stride(from: 0, to: bytes.count, by: 7) {
            var mutated = bytes
            mutated[index] ^= 0x04
            if let decoded = try? Signed<Sample>(canonicalBytes: mutated) {
                #expect(!decoded.isValid(), "flip at byte \(index) still verifies")
            }
        }
    }

    @Test func malformedPayloadReportsTheInnerFieldAndAbsoluteOffset() {
        let signed = Signed(Self.sample, key: Self.keys()[0])
        var bytes = signed.canonicalBytes
        bytes[4 + 30] = 2  // Sample.flag is at offset 30 of the payload, which starts after 4 length bytes.
        #expect(
            throws: CanonicalDecodingError(.invalidValue, field: "Signed<Sample>.payload.flag", offset: 34, reason: "")
        ) {
            _ = try Signed<Sample>(canonicalBytes: bytes)
        }
        // An unknown tag at the end of the payload.
        bytes = signed.canonicalBytes
        bytes[4 + CanonicalDecoderTests.shapeOffset] = 9
        #expect(
            throws: CanonicalDecodingError(
                .unknownTag, field: "Signed<Sample>.payload.shape", offset: 4 + CanonicalDecoderTests.shapeOffset,
                reason: "")
        ) {
            _ = try Signed<Sample>(canonicalBytes: bytes)
        }
        // Nested inside an outer value, offsets stay absolute.
        var outer = CanonicalEncoder()
        outer.encode(UInt16(7))
        outer.encode(signed)
        var nested = outer.bytes
        nested[2 + 4 + 30] = 5
        var decoder = CanonicalDecoder(bytes: nested)
        #expect(throws: Never.self) { _ = try decoder.decodeUInt16("outer.tag") }
        #expect(
            throws: CanonicalDecodingError(.invalidValue, field: "outer.envelope.payload.flag", offset: 36, reason: "")
        ) {
            _ = try decoder.decode(Signed<Sample>.self, "outer.envelope")
        }
    }

    @Test func payloadWithTrailingBytesIsRejected() {
        let signed = Signed(Self.sample, key: Self.keys()[0])
        var encoder = CanonicalEncoder()
        encoder.encode(bytes: signed.payloadBytes + [0])
        encoder.encode(signed.signer)
        encoder.encode(signed.signature)
        let payloadEnd = 4 + signed.payloadBytes.count
        #expect(
            throws: CanonicalDecodingError(
                .trailingBytes, field: "Signed<Sample>.payload", offset: payloadEnd, reason: "")
        ) {
            _ = try Signed<Sample>(canonicalBytes: encoder.bytes)
        }
        #expect(
            throws: CanonicalDecodingError(
                .trailingBytes, field: "Sample", offset: signed.payloadBytes.count, reason: "")
        ) {
            _ = try Signed<Sample>(
                payloadBytes: signed.payloadBytes + [0], signer: signed.signer, signature: signed.signature)
        }
    }

    @Test func truncatedSignerAndSignatureAreNamed() {
        let signed = Signed(Self.sample, key: Self.keys()[0])
        let bytes = signed.canonicalBytes
        let signerOffset = 4 + signed.payloadBytes.count
        #expect(
            throws: CanonicalDecodingError(.truncated, field: "Signed<Sample>.signer", offset: signerOffset, reason: "")
        ) {
            _ = try Signed<Sample>(canonicalBytes: Array(bytes[..<(signerOffset + 10)]))
        }
        #expect(
            throws: CanonicalDecodingError(
                .truncated, field: "Signed<Sample>.signature", offset: signerOffset + 32, reason: "")
        ) {
            _ = try Signed<Sample>(canonicalBytes: Array(bytes.dropLast()))
        }
    }
}
