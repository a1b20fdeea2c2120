import BigInt
import Crypto
import Foundation
import Testing

@testable import SynodCore

/// edwards25519 group arithmetic, checked against swift-crypto (BoringSSL) Ed25519 and group laws.
@Suite struct VRFEdwardsPointTests {
    typealias S = VRFTestSupport

    @Test func baseAndIdentityEncodings() {
        #expect(Hex.encode(EdwardsPoint.base.encoded) == "58" + String(repeating: "66", count: 31))
        #expect(Hex.encode(EdwardsPoint.identity.encoded) == "01" + String(repeating: "00", count: 31))
        #expect(EdwardsPoint.identity.isIdentity)
        #expect(!EdwardsPoint.base.isIdentity)
        // L·B = O.
        let order = Scalar(unreducedBytes: S.bytes(S.order))
        #expect(EdwardsPoint.multiScalarMultiplyVartime([(order, .base)]).isIdentity)
    }

    /// Oracle (a): encode(x·B) equals BoringSSL's Ed25519 public key for the same seed, through
    /// every multiplication routine.
    @Test func scalarMultiplicationMatchesSwiftCryptoPublicKeys() throws {
        var rng = SeededRandom(seed: 21)
        for _ in 0..<12 {
            let seed = S.randomBytes(&rng)
            let expected = Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation)
            let (x, _) = ECVRF.expandSecret(seed)
            #expect(EdwardsPoint.multiplyBase(x).encoded == expected)
            #expect(EdwardsPoint.base.multiplied(by: x).encoded == expected)
            #expect(EdwardsPoint.multiplyBaseVartime(x).encoded == expected)
            #expect(EdwardsPoint.multiScalarMultiplyVartime([(x, .base)]).encoded == expected)
        }
    }

    /// Oracle (b): verify swift-crypto Ed25519 signatures with our own [S]B == R + [k]A,
    /// k = SHA-512(R ‖ A ‖ M) mod L (RFC 8032 §5.1.7).
    @Test func verifiesSwiftCryptoEd25519SignaturesWithOwnArithmetic() throws {
        var rng = SeededRandom(seed: 22)
        for index in 0..<8 {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: S.randomBytes(&rng))
            let publicKey = Array(key.publicKey.rawRepresentation)
            let message = S.randomBytes(&rng, count: index * 5)
            let signature = Array(try key.signature(for: message))
            #expect(Self.verifyEd25519(signature, publicKey: publicKey, message: message))
            var tampered = message
            tampered.append(1)
            #expect(!Self.verifyEd25519(signature, publicKey: publicKey, message: tampered))
            var badSignature = signature
            badSignature[40] ^= 0x01
            #expect(!Self.verifyEd25519(badSignature, publicKey: publicKey, message: message))
        }
    }

    static func verifyEd25519(_ signature: [UInt8], publicKey: [UInt8], message: [UInt8]) -> Bool {
        guard let a = try? EdwardsPoint(encoded: publicKey),
            let r = try? EdwardsPoint(encoded: Array(signature[0..<32])),
            let s = Scalar(canonicalBytes: signature[32..<64])
        else { return false }
        let k = Scalar(reducingWide: ECVRF.sha512(Array(signature[0..<32]), publicKey, message))
        let left = EdwardsPoint.multiplyBaseVartime(s)
        let right = r + EdwardsPoint.multiScalarMultiplyVartime([(k, a)])
        // The constant-time routines must agree with the variable-time ones.
        let leftConstantTime = EdwardsPoint.multiplyBase(s)
        let rightConstantTime = r + a.multiplied(by: k)
        return left.isEqual(to: right) && leftConstantTime.isEqual(to: rightConstantTime)
    }

    /// Plain double-and-add over the bits, the reference for the windowed routines.
    static func referenceMultiply(_ scalar: Scalar, _ point: EdwardsPoint) -> EdwardsPoint {
        var result = EdwardsPoint.identity
        for index in stride(from: 255, through: 0, by: -1) {
            result = result.doubled()
            if scalar.bit(index) == 1 { result = result + point }
        }
        return result
    }

    /// Edge-case scalars (zero, one, L − 1, 2^255 − 1, digits of ±8 and all-ones nibbles) give
    /// the same point through every multiplication routine as plain double-and-add.
    @Test func allMultiplicationRoutinesAgreeOnEdgeScalars() {
        var rng = SeededRandom(seed: 24)
        let point = EdwardsPoint.multiplyBase(Scalar(reducingWide: S.randomBytes(&rng, count: 64)))
        let values: [BigUInt] = [
            0, 1, 2, 7, 8, 15, 16, 17, S.order - 1, S.order, S.order + 1, (BigUInt(1) << 255) - 1,
            (BigUInt(1) << 254), S.integer([UInt8](repeating: 0x88, count: 31) + [0x08]),
            S.integer([UInt8](repeating: 0xF8, count: 31) + [0x7F]),
            S.integer([UInt8](repeating: 0x77, count: 32)),
        ]
        for value in values {
            let scalar = Scalar(unreducedBytes: S.bytes(value))
            let expectedBase = Self.referenceMultiply(scalar, .base)
            let expected = Self.referenceMultiply(scalar, point)
            #expect(EdwardsPoint.multiplyBase(scalar).isEqual(to: expectedBase), "\(value)")
            #expect(EdwardsPoint.multiplyBaseVartime(scalar).isEqual(to: expectedBase), "\(value)")
            #expect(point.multiplied(by: scalar).isEqual(to: expected), "\(value)")
            #expect(EdwardsPoint.multiScalarMultiplyVartime([(scalar, point)]).isEqual(to: expected), "\(value)")
        }
    }

    @Test func groupLaws() throws {
        var rng = SeededRandom(seed: 23)
        func randomScalar() -> Scalar { Scalar(reducingWide: S.randomBytes(&rng, count: 64)) }
        let p = EdwardsPoint.multiplyBase(randomScalar())
        let q = EdwardsPoint.multiplyBase(randomScalar())
        #expect((p + q).isEqual(to: q + p))
        #expect(((p + q) - q).isEqual(to: p))
        #expect(p.doubled().isEqual(to: p + p))
        #expect(p.doubled(times: 3).isEqual(to: p.multipliedByCofactor()))
        #expect((p - p).isIdentity)
        #expect((p + EdwardsPoint.identity).isEqual(to: p))
        #expect((p + (-p)).isIdentity)
        let a = randomScalar()
        let b = randomScalar()
        let ab = Scalar.multiplyAdd(a, b, .zero)
        #expect(p.multiplied(by: a).multiplied(by: b).isEqual(to: p.multiplied(by: ab)))
        #expect(
            EdwardsPoint.multiScalarMultiplyVartime([(a, p), (b, q)]).isEqual(
                to: p.multiplied(by: a) + q.multiplied(by: b)))
        // Decoding inverts encoding.
        let decoded = try EdwardsPoint(encoded: p.encoded)
        #expect(decoded.isEqual(to: p))
        #expect(try EdwardsPoint(encoded: (-p).encoded).isEqual(to: -p))
    }

    @Test func batchEncodingMatchesSingleEncodings() {
        var rng = SeededRandom(seed: 25)
        var points: [EdwardsPoint] = [.identity, .base]
        for _ in 0..<5 {
            let p = EdwardsPoint.multiplyBase(Scalar(reducingWide: S.randomBytes(&rng, count: 64)))
            points.append(p.doubled() + .base)  // Z ≠ 1
        }
        #expect(EdwardsPoint.encodeAll(points) == points.map(\.encoded))
        #expect(EdwardsPoint.encodeAll([points[3]]) == [points[3].encoded])
        #expect(EdwardsPoint.encodeAll([]).isEmpty)
    }

    @Test func decodingRejectsNonCanonicalY() {
        // y = p, p + 1 (which would alias 0 and 1), 2^255 − 1; with and without the sign bit.
        for value in [S.p, S.p + 1, S.p + 2, (BigUInt(1) << 255) - 1] {
            for sign: UInt8 in [0, 0x80] {
                var encoding = S.bytes(value)
                encoding[31] |= sign
                #expect(throws: VRFError(.nonCanonicalEncoding, "")) { try EdwardsPoint(encoded: encoding) }
            }
        }
    }

    @Test func decodingRejectsZeroXWithSignBit() throws {
        // (0, 1) and (0, −1) have x = 0: only the encodings with sign bit 0 are valid.
        let identity = S.bytes(1)
        let minusOne = S.bytes(S.p - 1)
        #expect(try EdwardsPoint(encoded: identity).isIdentity)
        _ = try EdwardsPoint(encoded: minusOne)
        for var encoding in [identity, minusOne] {
            encoding[31] |= 0x80
            #expect(throws: VRFError(.nonCanonicalEncoding, "")) { try EdwardsPoint(encoded: encoding) }
        }
    }

    @Test func decodingRejectsPointsOffTheCurve() {
        // y with (y² − 1)/(d·y² + 1) not a square mod p (Euler's criterion in BigUInt).
        let d = S.value(FieldElement.d)
        var rejected = 0
        for y in 2..<40 {
            let yy = BigUInt(y * y)
            let ratio = (yy - 1) * ((d * yy + 1) % S.p).power(S.p - 2, modulus: S.p) % S.p
            let isSquare = ratio.power((S.p - 1) / 2, modulus: S.p) == 1
            if isSquare {
                #expect((try? EdwardsPoint(encoded: S.bytes(BigUInt(y)))) != nil)
            } else {
                rejected += 1
                #expect(throws: VRFError(.notOnCurve, "")) { try EdwardsPoint(encoded: S.bytes(BigUInt(y))) }
            }
        }
        #expect(rejected > 5)
        #expect(throws: VRFError(.invalidLength, "")) { try EdwardsPoint(encoded: [1, 2, 3]) }
    }

    @Test func torsionPointsHaveSmallOrder() throws {
        let points = try S.torsionPoints()
        let encodings = Set(points.map { Hex.encode($0.encoded) })
        #expect(encodings.count == 8)
        #expect(encodings.contains("0100000000000000000000000000000000000000000000000000000000000000"))
        #expect(encodings.contains("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))
        #expect(encodings.contains("0000000000000000000000000000000000000000000000000000000000000000"))
        #expect(encodings.contains("0000000000000000000000000000000000000000000000000000000000000080"))
        #expect(encodings.contains("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"))
        for point in points {
            #expect(point.hasSmallOrder)
            #expect(try EdwardsPoint(encoded: point.encoded).hasSmallOrder)
        }
        // A full-order point plus torsion is not of small order.
        #expect(!(EdwardsPoint.base + points[1]).hasSmallOrder)
        #expect(!EdwardsPoint.base.hasSmallOrder)
    }
}
