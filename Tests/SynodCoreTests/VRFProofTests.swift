import BigInt
import Testing

@testable import SynodCore

/// Proof decoding (RFC 9381 §5.4.4) and rejection of altered proofs.
@Suite struct VRFProofTests {
    typealias S = VRFTestSupport

    static func example() throws -> (VRFPublicKey, [UInt8], [UInt8]) {
        let vector = try S.vectors()[1]
        return (try VRFPublicKey(bytes: S.hex(vector.pk)), S.hex(vector.pi), S.hex(vector.alpha))
    }

    @Test func rejectsWrongLengths() {
        for count in [0, 79, 81, 96] {
            #expect(throws: VRFError(.invalidLength, "")) { try VRFProof(bytes: [UInt8](repeating: 1, count: count)) }
        }
    }

    @Test func rejectsScalarsAtOrAboveTheOrder() throws {
        let (_, pi, _) = try Self.example()
        let s = S.integer(Array(pi[48..<80]))
        for bad in [S.order, S.order + 1, s + S.order, (BigUInt(1) << 256) - 1] {
            let altered = Array(pi[0..<48]) + S.bytes(bad)
            #expect(throws: VRFError(.scalarOutOfRange, "")) { try VRFProof(bytes: altered) }
        }
    }

    @Test func rejectsNonCanonicalGamma() throws {
        let (_, pi, _) = try Self.example()
        var signedIdentity = S.bytes(1)
        signedIdentity[31] |= 0x80
        var signedMinusOne = S.bytes(S.p - 1)
        signedMinusOne[31] |= 0x80
        // y = p and y = p + 1 (aliases of 0 and 1), and x = 0 with the sign bit set.
        for gamma in [S.bytes(S.p), S.bytes(S.p + 1), signedIdentity, signedMinusOne] {
            #expect(throws: VRFError(.nonCanonicalEncoding, "")) { try VRFProof(bytes: gamma + Array(pi[32..<80])) }
        }
        #expect(throws: VRFError(.notOnCurve, "")) { try VRFProof(bytes: S.bytes(2) + Array(pi[32..<80])) }
    }

    /// Flipping any one bit of a valid proof makes it invalid: either it no longer decodes or
    /// verification fails.
    @Test func rejectsAlteredProofs() throws {
        let (key, pi, alpha) = try Self.example()
        #expect(key.verify(try VRFProof(bytes: pi), alpha: alpha) != nil)
        var rng = SeededRandom(seed: 41)
        var decoded = 0
        var rejected: [VRFError.Code: Int] = [:]
        for index in 0..<80 {
            var altered = pi
            altered[index] ^= UInt8(1) << UInt8(rng.uniformInt(below: 8))
            do {
                let proof = try VRFProof(bytes: altered)
                decoded += 1
                #expect(key.verify(proof, alpha: alpha) == nil, "byte \(index)")
            } catch {
                rejected[error.code, default: 0] += 1
            }
        }
        // The seeded flips decode or fail exactly so (fixed by the curve, the group order and the
        // seed): 68 decode and fail verification, 12 have a Gamma that is not a point.
        #expect(decoded == 68 && rejected == [.notOnCurve: 12], "decoded \(decoded), rejected \(rejected)")
    }

    @Test func canonicalCodingRoundTripsAndValidates() throws {
        let (_, pi, _) = try Self.example()
        let proof = try VRFProof(bytes: pi)
        #expect(try VRFProof(canonicalBytes: proof.canonicalBytes) == proof)
        var bad = pi
        bad[79] = 0xFF
        #expect(throws: CanonicalDecodingError.self) { try VRFProof(canonicalBytes: bad) }
        #expect(throws: CanonicalDecodingError.self) { try VRFProof(canonicalBytes: Array(pi[0..<70])) }
    }
}
