import Testing

@testable import SynodPoUW

@Suite struct ReproductionCommitmentTests {
    /// `python3 -c 'print(hash(v))'` (CPython 3.11, 64-bit); the subnormals are 5e-324 and 1.5e-310.
    @Test func pythonFloatHashMatchesCPython() {
        let goldens: [(Double, Int64)] = [
            (7.135808262558969, 313_152_532_815_056_903), (0.1, 230_584_300_921_369_408),
            (-0.1, -230_584_300_921_369_408), (1e300, 1_224_995_262_755_759_164), (2.5, 1_152_921_504_606_846_978),
            (-1.0, -2), (.leastNonzeroMagnitude, 16_777_216),
            (Double(bitPattern: 0x1b9c_d129_5941), 2_076_486_366_513_856_732), (0.0, 0), (-0.0, 0),
            (.infinity, 314_159), (-.infinity, -314_159), (3.141592653589793, 326_490_430_436_040_707),
        ]
        for (value, expected) in goldens {
            #expect(PythonFloatHash.hash(value) == expected, "hash(\(value))")
        }
        #expect(PythonFloatHash.hash(.nan) == nil)
        #expect(PythonFloatHash.hash(1.0) == 1)
        #expect(PythonFloatHash.hash(Double(1 << 61)) == 1)
    }

    static let model = LinearModel(w0: 7.989730819058092, w1: -0.8539225564991229)
    static let salt = [UInt8](repeating: 7, count: 32)

    @Test func legacyCommitmentAcceptsAShiftedModel() throws {
        let legacy = try #require(CommitmentScheme.legacy.commit(Self.model, salt: []))
        #expect(legacy == .legacy(313_152_532_815_056_903))
        for delta in [0.5, 0.25, 1.0, 0.125] {
            let shifted = LinearModel(w0: Self.model.w0 + delta, w1: Self.model.w1 - delta)
            #expect(shifted.w0 + shifted.w1 == Self.model.w0 + Self.model.w1)
            #expect(CommitmentScheme.legacy.verify(shifted, salt: [], against: legacy))
        }
    }

    @Test func sha256CommitmentRejectsTheShiftedModelAndAnyOneBitChange() throws {
        let commitment = try #require(CommitmentScheme.sha256.commit(Self.model, salt: Self.salt))
        #expect(CommitmentScheme.sha256.verify(Self.model, salt: Self.salt, against: commitment))
        for delta in [0.5, 0.25, 1.0, 0.125] {
            let shifted = LinearModel(w0: Self.model.w0 + delta, w1: Self.model.w1 - delta)
            #expect(!CommitmentScheme.sha256.verify(shifted, salt: Self.salt, against: commitment))
        }
        for bit in [0, 1, 31, 52, 63] {
            let w0 = LinearModel(w0: Double(bitPattern: Self.model.w0.bitPattern ^ (1 << bit)), w1: Self.model.w1)
            let w1 = LinearModel(w0: Self.model.w0, w1: Double(bitPattern: Self.model.w1.bitPattern ^ (1 << bit)))
            #expect(!CommitmentScheme.sha256.verify(w0, salt: Self.salt, against: commitment), "w0 bit \(bit)")
            #expect(!CommitmentScheme.sha256.verify(w1, salt: Self.salt, against: commitment), "w1 bit \(bit)")
        }
        var otherSalt = Self.salt
        otherSalt[31] ^= 1
        #expect(!CommitmentScheme.sha256.verify(Self.model, salt: otherSalt, against: commitment))
        #expect(!CommitmentScheme.legacy.verify(Self.model, salt: Self.salt, against: commitment))
    }

    @Test func sha256CommitmentIsPinned() throws {
        let commitment = try #require(CommitmentScheme.sha256.commit(Self.model, salt: Self.salt))
        guard case .sha256(let digest) = commitment else {
            Issue.record("not a SHA-256 commitment")
            return
        }
        // Recomputed independently with Python's struct and hashlib over the same bytes.
        #expect(digest.hex == "4f5701d961246c22478753deb6ee79dc62c05ae589fb2973fc66076f8f4a0107")
    }
}
