import Testing

@testable import SynodCore

/// RFC 9381 Appendix B.3 vectors (ECVRF-EDWARDS25519-SHA512-TAI), end to end and step by step.
@Suite struct VRFECVRFTests {
    typealias S = VRFTestSupport

    @Test func rfc9381VectorsProveVerifyAndHash() throws {
        let vectors = try S.vectors()
        #expect(vectors.count == 3)
        for vector in vectors {
            let key = try VRFSecretKey(seed: S.hex(vector.sk))
            #expect(key.publicKey.hex == vector.pk)
            let alpha = S.hex(vector.alpha)
            let proof = key.prove(alpha)
            #expect(proof.hex == vector.pi)
            #expect(Hex.encode(proof.beta) == vector.beta)
            let publicKey = try VRFPublicKey(bytes: S.hex(vector.pk))
            let given = try VRFProof(bytes: S.hex(vector.pi))
            #expect(publicKey.verify(given, alpha: alpha).map { Hex.encode($0) } == vector.beta)
        }
    }

    /// Golden cases from the independent Python implementation (`crosscheck/ecvrf/ecvrf.py`).
    @Test func matchesPythonCrossCheck() throws {
        let cases = try S.load("ecvrf-tai-crosscheck", as: S.Vector.self)
        #expect(cases.count == 12)
        for golden in cases {
            let key = try VRFSecretKey(seed: S.hex(golden.sk))
            #expect(key.publicKey.hex == golden.pk)
            let proof = key.prove(S.hex(golden.alpha))
            #expect(proof.hex == golden.pi)
            #expect(key.publicKey.verify(proof, alpha: S.hex(golden.alpha)).map { Hex.encode($0) } == golden.beta)
        }
    }

    @Test func rfc9381IntermediateValues() throws {
        let vectors = try S.vectors()
        let intermediates = try S.intermediates()
        #expect(intermediates.count == vectors.count)
        for (vector, step) in zip(vectors, intermediates) {
            let (x, prefix) = ECVRF.expandSecret(S.hex(vector.sk))
            #expect(Hex.encode(x.bytes) == step.x)
            let (h, counter) = try #require(ECVRF.encodeToCurve(salt: S.hex(vector.pk), alpha: S.hex(vector.alpha)))
            #expect(Hex.encode(h.encoded) == step.h)
            #expect(counter == step.ctr)
            #expect(Hex.encode(ECVRF.sha512(prefix, h.encoded)) == step.k_string)
            let k = ECVRF.nonce(prefix: prefix, hString: h.encoded)
            #expect(Hex.encode(k.bytes) == step.k)
            #expect(Hex.encode(EdwardsPoint.multiplyBase(k).encoded) == step.u)
            #expect(Hex.encode(h.multiplied(by: k).encoded) == step.v)
            // The verifier's U = s·B − c·Y and V = s·H − c·Gamma reproduce them.
            let proof = try VRFProof(bytes: S.hex(vector.pi))
            let y = try EdwardsPoint(encoded: S.hex(vector.pk))
            let u = EdwardsPoint.multiplyBaseVartime(proof.s) + EdwardsPoint.multiScalarMultiplyVartime([(proof.c, -y)])
            let v = EdwardsPoint.multiScalarMultiplyVartime([(proof.s, h), (proof.c, -proof.gamma)])
            #expect(Hex.encode(u.encoded) == step.u)
            #expect(Hex.encode(v.encoded) == step.v)
            #expect(Hex.encode(h.multiplied(by: x).encoded) == Hex.encode(proof.gamma.encoded))
        }
    }

    @Test func rejectsAlteredAlphaAndForeignKeys() throws {
        let vectors = try S.vectors()
        let keys = try vectors.map { try VRFPublicKey(bytes: S.hex($0.pk)) }
        for (index, vector) in vectors.enumerated() {
            let proof = try VRFProof(bytes: S.hex(vector.pi))
            let alpha = S.hex(vector.alpha)
            #expect(keys[index].verify(proof, alpha: alpha) != nil)
            #expect(keys[index].verify(proof, alpha: alpha + [0]) == nil)
            if !alpha.isEmpty {
                var changed = alpha
                changed[0] ^= 0x01
                #expect(keys[index].verify(proof, alpha: changed) == nil)
                #expect(keys[index].verify(proof, alpha: []) == nil)
            }
            #expect(keys[(index + 1) % keys.count].verify(proof, alpha: alpha) == nil)
        }
    }

    @Test func randomKeysRoundTrip() {
        var rng = SeededRandom(seed: 31)
        for index in 0..<4 {
            let key = VRFSecretKey(using: &rng)
            let alpha = S.randomBytes(&rng, count: index * 13)
            let proof = key.prove(alpha)
            #expect(key.publicKey.verify(proof, alpha: alpha) == proof.beta)
            #expect(proof.beta.count == 64)
            #expect(key.prove(alpha) == proof)
        }
    }
}
