import Crypto

/// ECVRF-EDWARDS25519-SHA512-TAI, RFC 9381 cipher suite 0x03: the algorithms of RFC 9381 §5
/// on edwards25519 points and scalars. The public face is ``VRFSecretKey``, ``VRFPublicKey`` and
/// ``VRFProof``.
///
/// Parameters (RFC 9381 §5.5): suite_string = 0x03, Hash = SHA-512, cLen = 16, ptLen = qLen = 32,
/// cofactor = 8, encode_to_curve = try-and-increment (§5.4.1.1), nonce per §5.4.2.2.
enum ECVRF {
    /// suite_string.
    static let suite: UInt8 = 0x03
    /// Bytes of a proof: Gamma (32) ‖ c (16) ‖ s (32).
    static let proofByteCount = 80

    /// SHA-512 of the concatenated parts.
    static func sha512(_ parts: [UInt8]...) -> [UInt8] {
        var hasher = SHA512()
        for part in parts { hasher.update(data: part) }
        return Array(hasher.finalize())
    }

    /// The secret scalar x and nonce prefix of an RFC 8032 secret key (RFC 8032 §5.1.5 steps
    /// 1–3, as RFC 9381 §5.5 prescribes for this suite): h = SHA-512(sk), x = clamp(h[0..<32]),
    /// prefix = h[32..<64].
    static func expandSecret(_ seed: [UInt8]) -> (scalar: Scalar, prefix: [UInt8]) {
        var h = sha512(seed)
        h[0] &= 248
        h[31] &= 127
        h[31] |= 64
        let scalar = Scalar(unreducedBytes: h[0..<32])
        let prefix = Array(h[32..<64])
        wipe(&h)
        return (scalar, prefix)
    }

    /// ECVRF_encode_to_curve_try_and_increment (RFC 9381 §5.4.1.1) with
    /// encode_to_curve_salt = PK_string: the first ctr in 0…255 for which
    /// SHA-512(0x03 ‖ 0x01 ‖ PK ‖ alpha ‖ ctr ‖ 0x00)[0..<32] decodes as a point, times the
    /// cofactor. Returns nil only if all 256 counters fail (probability about 2^-256).
    static func encodeToCurve(salt: [UInt8], alpha: [UInt8]) -> (point: EdwardsPoint, counter: Int)? {
        for counter in 0...255 {
            let hash = sha512([suite, 0x01], salt, alpha, [UInt8(counter), 0x00])
            if let point = try? EdwardsPoint(encoded: Array(hash[0..<32])) {
                return (point.multipliedByCofactor(), counter)
            }
        }
        return nil
    }

    /// ECVRF_nonce_generation_RFC8032 (RFC 9381 §5.4.2.2): k = SHA-512(prefix ‖ h_string) mod q.
    static func nonce(prefix: [UInt8], hString: [UInt8]) -> Scalar {
        var kString = sha512(prefix, hString)
        let k = Scalar(reducingWide: kString)
        wipe(&kString)
        return k
    }

    /// ECVRF_challenge_generation (RFC 9381 §5.4.3): the first cLen = 16 bytes of
    /// SHA-512(0x03 ‖ 0x02 ‖ P1 ‖ … ‖ P5 ‖ 0x00), as a little-endian integer.
    static func challenge(_ encodedPoints: [[UInt8]]) -> Scalar {
        var hasher = SHA512()
        hasher.update(data: [suite, 0x02])
        for point in encodedPoints { hasher.update(data: point) }
        hasher.update(data: [0x00])
        return Scalar(unreducedBytes: Array(hasher.finalize()).prefix(16))
    }

    /// ECVRF_proof_to_hash (RFC 9381 §5.2): beta = SHA-512(0x03 ‖ 0x03 ‖ point_to_string(8·Gamma) ‖ 0x00).
    static func proofToHash(gamma: EdwardsPoint) -> [UInt8] {
        sha512([suite, 0x03], gamma.multipliedByCofactor().encoded, [0x00])
    }

    /// ECVRF_prove (RFC 9381 §5.1), returning pi_string. The secret multiplications x·H, k·B and
    /// k·H run in constant time.
    static func prove(scalar x: Scalar, prefix: [UInt8], publicKey: [UInt8], alpha: [UInt8]) -> [UInt8] {
        // Step 2. Hashing to the curve fails with probability about 2^-256 (a SHA-512 output
        // pattern nobody can produce), so no input reaches this trap in practice.
        guard let h = encodeToCurve(salt: publicKey, alpha: alpha)?.point else {
            preconditionFailure("ECVRF encode_to_curve found no point in 256 tries")
        }
        let hString = h.encoded  // step 3
        let gamma = h.multiplied(by: x)  // step 4
        var k = nonce(prefix: prefix, hString: hString)  // step 5
        let u = EdwardsPoint.multiplyBase(k)  // step 6: k·B, k·H
        let v = h.multiplied(by: k)
        let gammaString = gamma.encoded
        let c = challenge([publicKey, hString, gammaString, u.encoded, v.encoded])
        let s = Scalar.multiplyAdd(c, x, k)  // step 7: s = (k + c·x) mod q
        k = .zero
        return gammaString + c.bytes.prefix(16) + s.bytes  // step 8
    }

    /// ECVRF_verify (RFC 9381 §5.3) steps 5–9 for a decoded proof (Gamma, c, s) and a validated
    /// public key Y. Variable time (all inputs are public): U = s·B − c·Y uses the fixed-base
    /// table plus a NAF multiplication; V = s·H − c·Gamma uses Straus's double multiplication.
    static func verify(
        publicKey: [UInt8], y: EdwardsPoint, gammaString: [UInt8], gamma: EdwardsPoint, c: Scalar, s: Scalar,
        alpha: [UInt8]
    ) -> Bool {
        guard let h = encodeToCurve(salt: publicKey, alpha: alpha)?.point else { return false }
        let u = EdwardsPoint.multiplyBaseVartime(s) + EdwardsPoint.multiScalarMultiplyVartime([(c, -y)])
        let v = EdwardsPoint.multiScalarMultiplyVartime([(s, h), (c, -gamma)])
        let encoded = EdwardsPoint.encodeAll([h, u, v])
        let expected = challenge([publicKey, encoded[0], gammaString, encoded[1], encoded[2]])
        return expected == c
    }

    /// Overwrites a secret buffer with zeros.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            for index in raw.indices { raw[index] = 0 }
        }
    }
}
