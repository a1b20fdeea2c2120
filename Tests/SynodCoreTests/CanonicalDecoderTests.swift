import PropertyBased
import Testing

@testable import SynodCore

/// Strict decoding: every malformed input is a ``CanonicalDecodingError`` with the right kind, field
/// and byte offset, and random or mutated bytes never crash a decoder.
@Suite struct CanonicalDecoderTests {
    /// A sample whose variable-length fields have known sizes, so offsets can be computed.
    static let fixed = Sample(
        u8: 1, u16: 2, u32: 3, u64: 4, i8: -5, i16: -6, i32: -7, i64: -8, flag: true, float: .nan, double: -0.0,
        blob: [1, 2, 3], text: "abc", floats: [1, 2], digest: Digest.sha256([1]),
        inner: Inner(id: 9, name: "n", weights: [0.5]), inners: [], shape: .point)

    /// (field, offset, size) of the fixed-width prefix of ``fixed``'s encoding.
    static let fixedLayout: [(String, Int, Int)] = [
        ("u8", 0, 1), ("u16", 1, 2), ("u32", 3, 4), ("u64", 7, 8), ("i8", 15, 1), ("i16", 16, 2), ("i32", 18, 4),
        ("i64", 22, 8), ("flag", 30, 1), ("float", 31, 4), ("double", 35, 8),
    ]
    // Offsets after the fixed prefix: blob at 43 (4 + 3), text at 50 (4 + 3), floats at 57 (4 + 8),
    // digest at 69 (32), inner.present at 101, inner at 102 (8 + 4+1 + 4+8 = 25), inners at 127 (4),
    // shape at 131 (1): 132 bytes in all.
    static let blobOffset = 43
    static let textOffset = 50
    static let innerPresentOffset = 101
    static let innersOffset = 127
    static let shapeOffset = 131

    @Test func fixedSampleHasTheExpectedLayout() throws {
        let bytes = Self.fixed.canonicalBytes
        #expect(bytes.count == 132)
        #expect(bytes[Self.blobOffset..<Self.blobOffset + 4] == [3, 0, 0, 0])
        #expect(bytes[Self.textOffset..<Self.textOffset + 7] == [3, 0, 0, 0, 0x61, 0x62, 0x63])
        #expect(bytes[Self.innerPresentOffset] == 1)
        #expect(bytes[Self.innersOffset..<Self.innersOffset + 4] == [0, 0, 0, 0])
        #expect(bytes[Self.shapeOffset] == 0)
        #expect(try Sample(canonicalBytes: bytes) == Self.fixed)
    }

    @Test func truncationInTheFixedPrefixNamesTheFieldAndItsOffset() {
        let bytes = Self.fixed.canonicalBytes
        for (name, offset, size) in Self.fixedLayout {
            for cut in offset..<(offset + size) {
                #expect(throws: CanonicalDecodingError(.truncated, field: "Sample.\(name)", offset: offset, reason: ""))
                {
                    _ = try Sample(canonicalBytes: Array(bytes[..<cut]))
                }
            }
        }
    }

    @Test func everyStrictPrefixIsRejectedAsTruncatedOrTooLong() {
        let bytes = Self.fixed.canonicalBytes
        for cut in 0..<bytes.count {
            do {
                _ = try Sample(canonicalBytes: Array(bytes[..<cut]))
                Issue.record("prefix of \(cut) bytes decoded")
            } catch {
                // A cut inside a length-prefixed body fails the remaining-bytes check of its prefix.
                #expect(error.kind == .truncated || error.kind == .lengthTooLarge, "cut \(cut): \(error)")
                #expect(error.offset <= cut, "cut \(cut): \(error)")
                #expect(error.field.hasPrefix("Sample."))
            }
        }
        // The length prefix of `text` is complete but its 3 bytes are not.
        #expect(
            throws: CanonicalDecodingError(.lengthTooLarge, field: "Sample.text", offset: Self.textOffset, reason: "")
        ) {
            _ = try Sample(canonicalBytes: Array(bytes[..<(Self.textOffset + 5)]))
        }
        // A cut inside the length prefix itself is a truncated `.count`.
        #expect(
            throws: CanonicalDecodingError(
                .truncated, field: "Sample.text.count", offset: Self.textOffset, reason: "")
        ) {
            _ = try Sample(canonicalBytes: Array(bytes[..<(Self.textOffset + 2)]))
        }
    }

    @Test func trailingBytesAreRejectedAtTheFirstExtraByte() {
        let bytes = Self.fixed.canonicalBytes
        for extra in [[0], [1, 2, 3]] as [[UInt8]] {
            #expect(
                throws: CanonicalDecodingError(.trailingBytes, field: "Sample", offset: bytes.count, reason: "")
            ) {
                _ = try Sample(canonicalBytes: bytes + extra)
            }
        }
    }

    @Test func overLongLengthsAreRejectedBeforeAllocating() {
        var bytes = Self.fixed.canonicalBytes
        // Above the field's limit (1 MiB for `blob`).
        bytes.replaceSubrange(Self.blobOffset..<Self.blobOffset + 4, with: [0xFF, 0xFF, 0xFF, 0xFF])
        do {
            _ = try Sample(canonicalBytes: bytes)
            Issue.record("decoded a 4 GiB blob")
        } catch {
            #expect(
                error
                    == CanonicalDecodingError(
                        .lengthTooLarge, field: "Sample.blob", offset: Self.blobOffset, reason: ""))
            #expect(error.reason.contains("limit"))
        }
        // Under the limit but more than the remaining input.
        bytes.replaceSubrange(Self.blobOffset..<Self.blobOffset + 4, with: [0x00, 0x10, 0x00, 0x00])
        do {
            _ = try Sample(canonicalBytes: bytes)
            Issue.record("decoded a blob longer than the input")
        } catch {
            #expect(
                error
                    == CanonicalDecodingError(
                        .lengthTooLarge, field: "Sample.blob", offset: Self.blobOffset, reason: ""))
            #expect(error.reason.contains("remain"))
        }
        // The global limit applies even when the field allows more.
        let small = CanonicalLimits(maxByteCount: 2, maxArrayCount: 100)
        #expect(
            throws: CanonicalDecodingError(.lengthTooLarge, field: "Sample.blob", offset: Self.blobOffset, reason: "")
        ) {
            _ = try Sample(canonicalBytes: Self.fixed.canonicalBytes, limits: small)
        }
    }

    @Test func arrayCountsAreBoundedByLimitsAndByMinimumElementSize() {
        // 1000 claimed elements of at least 16 bytes cannot fit in 132 bytes: rejected at the prefix.
        var bytes = Self.fixed.canonicalBytes
        bytes.replaceSubrange(Self.innersOffset..<Self.innersOffset + 4, with: [0xE8, 0x03, 0, 0])
        #expect(
            throws: CanonicalDecodingError(
                .lengthTooLarge, field: "Sample.inners", offset: Self.innersOffset, reason: "")
        ) {
            _ = try Sample(canonicalBytes: bytes)
        }
        // 1001 is above the field's maxCount.
        bytes.replaceSubrange(Self.innersOffset..<Self.innersOffset + 4, with: [0xE9, 0x03, 0, 0])
        #expect(
            throws: CanonicalDecodingError(
                .lengthTooLarge, field: "Sample.inners", offset: Self.innersOffset, reason: "")
        ) {
            _ = try Sample(canonicalBytes: bytes)
        }
        // count × minimumElementSize overflowing Int is rejected, and no element decoder runs.
        var decoder = CanonicalDecoder(bytes: [0xFF, 0xFF, 0xFF, 0x7F] + [UInt8](repeating: 0, count: 64))
        var calls = 0
        #expect(throws: CanonicalDecodingError(.lengthTooLarge, field: "huge", offset: 0, reason: "")) {
            _ = try decoder.decodeArray("huge", maxCount: .max, minimumElementSize: 1 << 40) {
                (decoder: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> UInt8 in
                calls += 1
                return try decoder.decodeUInt8(name)
            }
        }
        #expect(calls == 0)
        // Float vectors need 4 bytes per element.
        var floats = CanonicalDecoder(bytes: [3, 0, 0, 0] + [UInt8](repeating: 0, count: 11))
        #expect(throws: CanonicalDecodingError(.lengthTooLarge, field: "v", offset: 0, reason: "")) {
            _ = try floats.decodeFloats("v")
        }
        // The global array limit applies to float vectors.
        var limited = CanonicalDecoder(
            bytes: [3, 0, 0, 0] + [UInt8](repeating: 0, count: 12), limits: CanonicalLimits(maxArrayCount: 2))
        #expect(throws: CanonicalDecodingError(.lengthTooLarge, field: "v", offset: 0, reason: "")) {
            _ = try limited.decodeFloats("v")
        }
    }

    @Test func unknownEnumTagsAreRejectedAtTheTag() {
        var bytes = Self.fixed.canonicalBytes
        for tag: UInt8 in [4, 7, 0xFF] {
            bytes[Self.shapeOffset] = tag
            do {
                _ = try Sample(canonicalBytes: bytes)
                Issue.record("tag \(tag) decoded")
            } catch {
                #expect(
                    error
                        == CanonicalDecodingError(
                            .unknownTag, field: "Sample.shape", offset: Self.shapeOffset, reason: ""))
                #expect(error.reason.contains("\(tag)"))
            }
        }
        var decoder = CanonicalDecoder(bytes: [3])
        #expect(throws: CanonicalDecodingError(.unknownTag, field: "phase", offset: 0, reason: "")) {
            _ = try decoder.decodeTag(ConsensusVote.Phase.self, "phase")
        }
    }

    @Test func nonCanonicalBoolsAreRejected() {
        for byte: UInt8 in [2, 0x80, 0xFF] {
            var bytes = Self.fixed.canonicalBytes
            bytes[30] = byte
            #expect(throws: CanonicalDecodingError(.invalidValue, field: "Sample.flag", offset: 30, reason: "")) {
                _ = try Sample(canonicalBytes: bytes)
            }
            bytes = Self.fixed.canonicalBytes
            bytes[Self.innerPresentOffset] = byte
            #expect(
                throws: CanonicalDecodingError(
                    .invalidValue, field: "Sample.inner.present", offset: Self.innerPresentOffset, reason: "")
            ) {
                _ = try Sample(canonicalBytes: bytes)
            }
        }
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Self.fixed.canonicalBytes
        bytes[Self.textOffset + 5] = 0xC3  // "a\u{C3}c": a lone lead byte
        #expect(
            throws: CanonicalDecodingError(.invalidValue, field: "Sample.text", offset: Self.textOffset, reason: "")
        ) {
            _ = try Sample(canonicalBytes: bytes)
        }
    }

    @Test func errorsDescribeThemselves() {
        let error = CanonicalDecodingError(.truncated, field: "Block.height", offset: 12, reason: "needs 8")
        #expect(error.description == "canonical decoding failed (truncated) at byte 12, field 'Block.height': needs 8")
    }

    // MARK: - Fuzzing

    /// Decodes `bytes` as `T`: success must re-encode to exactly `bytes` (there is one encoding per
    /// value); failure must point inside the input and name a field of `T`.
    static func checkDecoder<T: CanonicalCodable>(_: T.Type, _ bytes: [UInt8], prefix: String) -> Bool {
        do {
            let value = try T(canonicalBytes: bytes)
            #expect(value.canonicalBytes == bytes, "\(T.self) accepted a non-canonical encoding")
            return true
        } catch {
            #expect((0...bytes.count).contains(error.offset), "\(error)")
            #expect(error.field.hasPrefix(prefix), "\(error)")
            return false
        }
    }

    /// Random byte strings (property-based, 0…600 bytes) against every decoder: no crash, and any
    /// accepted input re-encodes to itself.
    @Test func randomByteStringsAreRejectedOrCanonical() async {
        await propertyCheck(count: 200, input: Gen<UInt8>.value().array(of: 0...600)) { (bytes) async throws in
            _ = Self.checkDecoder(Digest.self, bytes, prefix: "Digest")
            _ = Self.checkDecoder(PublicKey.self, bytes, prefix: "PublicKey")
            _ = Self.checkDecoder(Signature.self, bytes, prefix: "Signature")
            _ = Self.checkDecoder(SignedVote.self, bytes, prefix: "SignedVote")
            _ = Self.checkDecoder(QuorumCertificate.self, bytes, prefix: "QuorumCertificate")
            _ = Self.checkDecoder(Signed<Sample>.self, bytes, prefix: "Signed<Sample>")
            _ = Self.checkDecoder(Signed<ConsensusVote>.self, bytes, prefix: "Signed<ConsensusVote>")
            _ = Self.checkDecoder(Sample.self, bytes, prefix: "Sample")
            _ = Self.checkDecoder(Shape.self, bytes, prefix: "Shape")
        }
    }

    /// Random bytes, and valid encodings with random bit flips, insertions, deletions and
    /// truncations, for every decoder in SynodCore plus the nested test struct.
    @Test func randomAndMutatedBytesNeverCrashAnyDecoder() {
        var rng = SeededRandom(seed: 0xF022)
        var keyRNG = SeededRandom(seed: 1)
        let keys = (0..<4).map { _ in SigningKey(using: &keyRNG) }
        let vote = ConsensusVote(phase: .commit, view: 2, height: 9, blockHash: Digest.sha256([7]))
        var draw = SampleDraw(rng: SeededRandom(seed: 77))
        let valid: [(String, [UInt8], ([UInt8]) -> Bool)] = [
            ("Digest", Digest.sha256([1]).canonicalBytes, { Self.checkDecoder(Digest.self, $0, prefix: "Digest") }),
            (
                "PublicKey", keys[0].publicKey.canonicalBytes,
                { Self.checkDecoder(PublicKey.self, $0, prefix: "PublicKey") }
            ),
            (
                "Signature", keys[0].sign([1], domain: .envelope).canonicalBytes,
                {
                    Self.checkDecoder(Signature.self, $0, prefix: "Signature")
                }
            ),
            ("NodeID", keys[0].nodeID.canonicalBytes, { Self.checkDecoder(NodeID.self, $0, prefix: "NodeID") }),
            (
                "ConsensusVote", vote.canonicalBytes,
                { Self.checkDecoder(ConsensusVote.self, $0, prefix: "ConsensusVote") }
            ),
            (
                "SignedVote", vote.signed(by: keys[1]).canonicalBytes,
                {
                    Self.checkDecoder(SignedVote.self, $0, prefix: "SignedVote")
                }
            ),
            (
                "QuorumCertificate",
                QuorumCertificate(votes: keys.prefix(3).map { vote.signed(by: $0) }).canonicalBytes,
                {
                    Self.checkDecoder(QuorumCertificate.self, $0, prefix: "QuorumCertificate")
                }
            ),
            (
                "Signed<Sample>", Signed(draw.sample(), key: keys[2]).canonicalBytes,
                {
                    Self.checkDecoder(Signed<Sample>.self, $0, prefix: "Signed<Sample>")
                }
            ),
            ("Sample", draw.sample().canonicalBytes, { Self.checkDecoder(Sample.self, $0, prefix: "Sample") }),
            (
                "Shape", Shape.polygon([draw.inner(), draw.inner()]).canonicalBytes,
                {
                    Self.checkDecoder(Shape.self, $0, prefix: "Shape")
                }
            ),
        ]
        for (name, encoding, check) in valid {
            #expect(check(encoding), "\(name): the valid encoding must decode")
            var accepted = 0
            for round in 0..<1500 {
                var bytes: [UInt8]
                if round < 500 {
                    // Pure noise, biased towards the valid length.
                    bytes = [UInt8](repeating: 0, count: rng.uniformInt(in: 0..<(encoding.count * 2 + 8)))
                    rng.fill(&bytes)
                } else {
                    bytes = encoding
                    for _ in 0...rng.uniformInt(in: 0..<3) {
                        switch rng.uniformInt(in: 0..<5) {
                        case 0 where !bytes.isEmpty:
                            bytes[rng.uniformInt(in: 0..<bytes.count)] ^= UInt8(1) << rng.uniformInt(in: 0..<8)
                        case 1 where !bytes.isEmpty:
                            bytes[rng.uniformInt(in: 0..<bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
                        case 2:
                            bytes.insert(
                                UInt8(truncatingIfNeeded: rng.next()), at: rng.uniformInt(in: 0..<(bytes.count + 1)))
                        case 3 where !bytes.isEmpty:
                            bytes.remove(at: rng.uniformInt(in: 0..<bytes.count))
                        default:
                            bytes = Array(bytes.prefix(rng.uniformInt(in: 0..<(bytes.count + 1))))
                        }
                    }
                }
                if check(bytes) { accepted += 1 }
            }
            // Structured types must reject most mutations (fixed-size values accept any bytes of the
            // right length, so they are exempt).
            if !["Digest", "PublicKey", "Signature", "NodeID"].contains(name) {
                #expect(accepted < 750, "\(name) accepted \(accepted) of 1500 random inputs")
            }
        }
    }
}
