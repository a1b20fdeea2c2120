import Testing

@testable import SynodCore

/// Membership-time key validation: full-order points only.
@Suite struct PublicKeyValidationTests {
    @Test func generatedKeysAreFullOrder() throws {
        for key in PublicKeyTests.keys(16, seed: 11) {
            #expect(key.publicKey.isFullOrderPoint)
        }
    }

    @Test func smallOrderKeysAreRejected() throws {
        for point in try VRFTestSupport.torsionPoints() {
            let key = try PublicKey(bytes: point.encoded)
            #expect(!key.isFullOrderPoint)
        }
    }

    @Test func offCurveAndNonCanonicalKeysAreRejected() throws {
        // y = 2 is on no curve point; y = p is a non-canonical encoding of y = 0.
        let offCurve = VRFTestSupport.bytes(2)
        let nonCanonical = VRFTestSupport.bytes(VRFTestSupport.p)
        for bytes in [offCurve, nonCanonical] {
            let key = try PublicKey(bytes: bytes)
            #expect(!key.isFullOrderPoint)
        }
    }

    @Test func mixedOrderKeyIsFullOrder() throws {
        // A full-order point plus a torsion point still has full order (8·A ≠ O); only the 8
        // torsion points themselves are refused.
        let base = try EdwardsPoint(encoded: PublicKeyTests.keys(1, seed: 5)[0].publicKey.bytes)
        let mixed = base + (try VRFTestSupport.torsionPoints()[1])
        #expect(try PublicKey(bytes: mixed.encoded).isFullOrderPoint)
    }
}
