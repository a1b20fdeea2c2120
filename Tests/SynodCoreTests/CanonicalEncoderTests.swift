import PropertyBased
import Testing

@testable import SynodCore

/// Layout and round-trip properties of the canonical encoding: `decode(encode(x)) == x` for random
/// values of every supported kind (floats compared by bit pattern).
@Suite struct CanonicalEncoderTests {
    @Test func integersAreLittleEndianFixedWidth() {
        var encoder = CanonicalEncoder()
        encoder.encode(UInt32(0x0102_0304))
        encoder.encode(UInt16(0xA0B0))
        encoder.encode(Int8(-2))
        encoder.encode(Int16(-2))
        encoder.encode(Int32(-2))
        encoder.encode(Int64(-2))
        encoder.encode(UInt64(0x0102_0304_0506_0708))
        #expect(
            encoder.bytes == [0x04, 0x03, 0x02, 0x01, 0xB0, 0xA0, 0xFE, 0xFE, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF]
                + [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + [8, 7, 6, 5, 4, 3, 2, 1])
    }

    @Test func floatsBoolsStringsOptionalsAndArraysHaveTheDocumentedLayout() {
        var encoder = CanonicalEncoder()
        encoder.encode(Float(-0.0))
        encoder.encode(Double(1.0))
        encoder.encode(true)
        encoder.encode(false)
        encoder.encode("hé")
        encoder.encode(bytes: [9, 8])
        encoder.encode(optional: Int32Box(5))
        encoder.encode(optional: Int32Box?.none)
        encoder.encode(floats: [1.0])
        encoder.encode([Int32Box(1), Int32Box(2)])
        encoder.encode([UInt16(0x0102)]) { encoder, value in encoder.encode(value) }
        let expected: [UInt8] =
            [0, 0, 0, 0x80]  // -0.0f
            + [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]  // 1.0
            + [1, 0]  // true, false
            + [3, 0, 0, 0, 0x68, 0xC3, 0xA9]  // "hé": 3 UTF-8 bytes
            + [2, 0, 0, 0, 9, 8]  // bytes
            + [1, 5, 0, 0, 0, 0]  // some(5), none
            + [1, 0, 0, 0, 0, 0, 0x80, 0x3F]  // [1.0f]
            + [2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]  // [1, 2] as Int32
            + [1, 0, 0, 0, 2, 1]  // [0x0102] as UInt16
        #expect(encoder.bytes == expected)
    }

    @Test func samplesRoundTrip() async {
        await propertyCheck(count: 300, input: Samples.sample) { (sample) async throws in
            let bytes = sample.canonicalBytes
            let decoded = try Sample(canonicalBytes: bytes)
            #expect(decoded == sample)
            #expect(decoded.canonicalBytes == bytes)
        }
    }

    @Test func shapesRoundTrip() async {
        await propertyCheck(count: 200, input: Samples.shape) { (shape) async throws in
            #expect(try Shape(canonicalBytes: shape.canonicalBytes) == shape)
        }
    }

    @Test func integersOfEveryWidthRoundTrip() async {
        await propertyCheck(
            input: Gen<UInt8>.value(), Gen<UInt16>.value(), Gen<UInt32>.value(), Gen<UInt64>.value()
        ) { (a, b, c, d) async throws in
            var encoder = CanonicalEncoder()
            encoder.encode(a)
            encoder.encode(b)
            encoder.encode(c)
            encoder.encode(d)
            #expect(encoder.bytes.count == 15)
            var decoder = CanonicalDecoder(bytes: encoder.bytes)
            #expect(try decoder.decodeUInt8("a") == a)
            #expect(try decoder.decodeUInt16("b") == b)
            #expect(try decoder.decodeUInt32("c") == c)
            #expect(try decoder.decodeUInt64("d") == d)
            #expect(throws: Never.self) { try decoder.finish() }
        }
        await propertyCheck(
            input: Gen<Int8>.value(), Gen<Int16>.value(), Gen<Int32>.value(), Gen<Int64>.value()
        ) { (a, b, c, d) async throws in
            var encoder = CanonicalEncoder()
            encoder.encode(a)
            encoder.encode(b)
            encoder.encode(c)
            encoder.encode(d)
            var decoder = CanonicalDecoder(bytes: encoder.bytes)
            #expect(try decoder.decodeInt8("a") == a)
            #expect(try decoder.decodeInt16("b") == b)
            #expect(try decoder.decodeInt32("c") == c)
            #expect(try decoder.decodeInt64("d") == d)
            #expect(decoder.isAtEnd)
        }
    }

    @Test func floatsRoundTripByBitPattern() async throws {
        await propertyCheck(input: Samples.floatBits, Samples.doubleBits) { (float, double) async throws in
            var encoder = CanonicalEncoder()
            encoder.encode(float)
            encoder.encode(double)
            encoder.encode(floats: [float, -float])
            var decoder = CanonicalDecoder(bytes: encoder.bytes)
            #expect(try decoder.decodeFloat("f").bitPattern == float.bitPattern)
            #expect(try decoder.decodeDouble("d").bitPattern == double.bitPattern)
            #expect(try decoder.decodeFloats("v").map(\.bitPattern) == [float.bitPattern, (-float).bitPattern])
            #expect(decoder.isAtEnd)
        }
        // Every special value, explicitly: ±0, ±∞, NaNs with payloads and sign, subnormals.
        for bits in specialFloatBits {
            let bytes = withUnsafeBytes(of: bits.littleEndian) { Array($0) }
            var encoder = CanonicalEncoder()
            encoder.encode(Float(bitPattern: bits))
            #expect(encoder.bytes == bytes)
            var decoder = CanonicalDecoder(bytes: bytes)
            #expect(try decoder.decodeFloat("f").bitPattern == bits)
        }
        for bits in specialDoubleBits {
            var encoder = CanonicalEncoder()
            encoder.encode(Double(bitPattern: bits))
            var decoder = CanonicalDecoder(bytes: encoder.bytes)
            #expect(try decoder.decodeDouble("d").bitPattern == bits)
        }
    }

    @Test func byteStringsStringsBoolsAndOptionalsRoundTrip() async {
        await propertyCheck(
            input: Gen<UInt8>.value().array(of: 0...300), Gen.bool,
            Gen<UInt32>.value().array(of: 0...20), Gen<Int32>.value()
        ) { (blob, flag, rawScalars, number) async throws in
            let text = String(String.UnicodeScalarView(rawScalars.compactMap { Unicode.Scalar($0 % 0x11_0000) }))
            let optional: Int32Box? = flag ? Int32Box(number) : nil
            var encoder = CanonicalEncoder()
            encoder.encode(bytes: blob)
            encoder.encode(flag)
            encoder.encode(text)
            encoder.encode(optional: optional)
            var decoder = CanonicalDecoder(bytes: encoder.bytes)
            #expect(try decoder.decodeBytes("blob") == blob)
            #expect(try decoder.decodeBool("flag") == flag)
            #expect(try Array(decoder.decodeString("text").utf8) == Array(text.utf8))
            #expect(try decoder.decodeOptional(Int32Box.self, "optional") == optional)
            #expect(decoder.isAtEnd)
        }
    }

    @Test func stringsAreNotNormalized() throws {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) compare equal as Swift Strings but are
        // different scalars: each keeps its own bytes.
        let composed = "\u{E9}"
        let decomposed = "e\u{301}"
        #expect(composed == decomposed)
        #expect(composed.canonicalBytesForTest != decomposed.canonicalBytesForTest)
        var decoder = CanonicalDecoder(bytes: decomposed.canonicalBytesForTest)
        #expect(Array(try decoder.decodeString("s").unicodeScalars) == Array(decomposed.unicodeScalars))
    }
}

extension String {
    fileprivate var canonicalBytesForTest: [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode(self)
        return encoder.bytes
    }
}
