import BigInt
import Testing

@testable import SynodCore

/// Public-key validation (RFC 8032 §5.1.3 decoding, RFC 9381 §5.4.5 small-order check).
@Suite struct VRFPublicKeyTests {
    typealias S = VRFTestSupport

    @Test func rejectsSmallOrderKeys() throws {
        for point in try S.torsionPoints() {
            #expect(throws: VRFError(.smallOrder, "")) { try VRFPublicKey(bytes: point.encoded) }
        }
    }

    @Test func rejectsNonCanonicalAndOffCurveKeys() {
        for encoding in [S.bytes(S.p), S.bytes(S.p + 1), S.bytes((BigUInt(1) << 255) - 1)] {
            #expect(throws: VRFError(.nonCanonicalEncoding, "")) { try VRFPublicKey(bytes: encoding) }
        }
        var signedIdentity = S.bytes(1)
        signedIdentity[31] |= 0x80
        #expect(throws: VRFError(.nonCanonicalEncoding, "")) { try VRFPublicKey(bytes: signedIdentity) }
        // y = 2 is not the y-coordinate of any curve point.
        #expect(throws: VRFError(.notOnCurve, "")) { try VRFPublicKey(bytes: S.bytes(2)) }
        #expect(throws: VRFError(.invalidLength, "")) { try VRFPublicKey(bytes: [UInt8](repeating: 0, count: 31)) }
    }

    @Test func acceptsMixedOrderKeysAsRFC9381Specifies() throws {
        // Y + T for a torsion point T is not of small order, so §5.4.5 accepts it.
        let torsion = try S.torsionPoints()[1]
        let key = try VRFSecretKey(seed: [UInt8](repeating: 7, count: 32))
        let y = try EdwardsPoint(encoded: key.publicKey.bytes)
        let mixed = try VRFPublicKey(bytes: (y + torsion).encoded)
        // It is a different key, so a proof under Y does not verify under it.
        #expect(mixed.verify(key.prove([1]), alpha: [1]) == nil)
    }

    @Test func rejectsAlteredKeys() throws {
        let key = try VRFSecretKey(seed: [UInt8](repeating: 9, count: 32))
        let proof = key.prove([1, 2, 3])
        #expect(key.publicKey.verify(proof, alpha: [1, 2, 3]) != nil)
        // Each altered encoding is either not a point (a typed error) or another key, under which
        // the proof does not verify. Which ones decode is fixed by the curve: the flips at bytes 5 and
        // 31 give points, those at bytes 0 and 17 do not, so the loop checks two keys.
        var decoded: [Int] = []
        for index in [0, 5, 17, 31] {
            var altered = key.publicKey.bytes
            altered[index] ^= 0x04
            do {
                let other = try VRFPublicKey(bytes: altered)
                decoded.append(index)
                #expect(other.verify(proof, alpha: [1, 2, 3]) == nil, "byte \(index)")
            } catch {
                #expect(error.code == .notOnCurve, "byte \(index): \(error)")
            }
        }
        #expect(decoded == [5, 31])
    }

    @Test func canonicalCodingRoundTripsAndValidates() throws {
        let key = try VRFSecretKey(seed: [UInt8](repeating: 3, count: 32)).publicKey
        #expect(try VRFPublicKey(canonicalBytes: key.canonicalBytes) == key)
        #expect(throws: CanonicalDecodingError.self) { try VRFPublicKey(canonicalBytes: S.bytes(1)) }
        #expect(throws: CanonicalDecodingError.self) { try VRFPublicKey(canonicalBytes: key.bytes + [0]) }
    }
}
