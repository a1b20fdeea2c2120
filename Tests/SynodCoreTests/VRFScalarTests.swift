import BigInt
import Testing

@testable import SynodCore

/// Scalars mod L checked against BigUInt.
@Suite struct VRFScalarTests {
    typealias S = VRFTestSupport

    static func value(_ scalar: Scalar) -> BigUInt { S.integer(scalar.bytes) }

    @Test func wideReductionMatchesBigUInt() {
        var rng = SeededRandom(seed: 11)
        var inputs: [[UInt8]] = [
            [UInt8](repeating: 0, count: 64), [UInt8](repeating: 0xFF, count: 64),
            S.bytes(S.order, count: 64), S.bytes(S.order - 1, count: 64), S.bytes(S.order * 2 + 5, count: 64),
        ]
        for _ in 0..<200 { inputs.append(S.randomBytes(&rng, count: 64)) }
        for input in inputs {
            #expect(Self.value(Scalar(reducingWide: input)) == S.integer(input) % S.order)
        }
    }

    @Test func multiplyAddMatchesBigUInt() {
        var rng = SeededRandom(seed: 12)
        for _ in 0..<200 {
            let a = S.randomBytes(&rng)
            let b = S.randomBytes(&rng)
            let c = S.randomBytes(&rng)
            let result = Scalar.multiplyAdd(
                Scalar(unreducedBytes: a), Scalar(unreducedBytes: b), Scalar(unreducedBytes: c))
            #expect(Self.value(result) == (S.integer(a) * S.integer(b) + S.integer(c)) % S.order)
        }
    }

    @Test func canonicalDecodingRejectsValuesAtOrAboveL() {
        #expect(Scalar(canonicalBytes: S.bytes(S.order - 1)) != nil)
        #expect(Scalar(canonicalBytes: S.bytes(0)) != nil)
        #expect(Scalar(canonicalBytes: S.bytes(S.order)) == nil)
        #expect(Scalar(canonicalBytes: S.bytes(S.order + 1)) == nil)
        #expect(Scalar(canonicalBytes: [UInt8](repeating: 0xFF, count: 32)) == nil)
        #expect(Scalar(canonicalBytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(Self.value(Scalar.order) == S.order)
    }

    @Test func radix16DigitsRecomposeTheScalar() {
        var rng = SeededRandom(seed: 13)
        for index in 0..<100 {
            var raw = S.randomBytes(&rng)
            raw[31] &= 0x7F
            if index == 0 { raw = [UInt8](repeating: 0xFF, count: 31) + [0x7F] }
            let digits = Scalar(unreducedBytes: raw).radix16Digits()
            var total = BigInt(0)
            for (i, digit) in digits.enumerated() {
                #expect(i == 63 ? (-8...8).contains(digit) : (-8...7).contains(digit))
                total += BigInt(Int(digit)) * BigInt(16).power(i)
            }
            #expect(total == BigInt(S.integer(raw)))
        }
    }

    @Test func nonAdjacentFormRecomposesWithSparseOddDigits() {
        var rng = SeededRandom(seed: 14)
        for index in 0..<100 {
            var raw = S.randomBytes(&rng)
            raw[31] &= 0x7F
            if index == 0 { raw = [UInt8](repeating: 0xFF, count: 31) + [0x7F] }
            let naf = Scalar(unreducedBytes: raw).nonAdjacentForm(width: 5)
            var total = BigInt(0)
            var lastNonzero = -100
            for (i, digit) in naf.enumerated() where digit != 0 {
                #expect(digit % 2 != 0 && (-15...15).contains(digit))
                #expect(i - lastNonzero >= 5)
                lastNonzero = i
                total += BigInt(Int(digit)) << i
            }
            #expect(total == BigInt(S.integer(raw)))
        }
    }
}
