import BigInt
import Testing

@testable import SynodCore

/// GF(2^255 − 19) arithmetic checked against BigUInt on random and edge-case inputs.
@Suite struct VRFFieldElementTests {
    typealias S = VRFTestSupport

    /// Random 32-byte inputs, including non-canonical values in [p, 2^255) and edge cases.
    static func inputs(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SeededRandom(seed: seed)
        var out: [[UInt8]] = []
        let edges: [BigUInt] = [
            0, 1, 2, 19, S.p - 1, S.p, S.p + 1, S.p + 18, (BigUInt(1) << 255) - 1, BigUInt(1) << 254,
        ]
        for edge in edges { out.append(S.bytes(edge)) }
        for _ in 0..<count {
            var bytes = S.randomBytes(&rng)
            bytes[31] &= 0x7F
            out.append(bytes)
        }
        return out
    }

    @Test func decodeEncodeReducesModP() {
        for input in Self.inputs(count: 200, seed: 1) {
            let element = FieldElement(bytes: input)
            #expect(S.value(element) == S.integer(input) % S.p)
            #expect(element.bytes == S.bytes(S.integer(input) % S.p))
        }
        // Bit 255 is ignored.
        var high = [UInt8](repeating: 0, count: 32)
        high[31] = 0x80
        #expect(FieldElement(bytes: high).isZero)
    }

    @Test func arithmeticMatchesBigUInt() {
        let inputs = Self.inputs(count: 150, seed: 2)
        for (index, left) in inputs.enumerated() {
            let right = inputs[(index * 7 + 3) % inputs.count]
            let a = FieldElement(bytes: left)
            let b = FieldElement(bytes: right)
            let va = S.integer(left) % S.p
            let vb = S.integer(right) % S.p
            #expect(S.value(a + b) == (va + vb) % S.p)
            #expect(S.value(a - b) == (va + S.p - vb) % S.p)
            #expect(S.value(-a) == (S.p - va) % S.p)
            #expect(S.value(a * b) == (va * vb) % S.p)
            #expect(S.value(a.squared()) == (va * va) % S.p)
            #expect(S.value(a.squared(times: 3)) == va.power(8, modulus: S.p))
        }
    }

    @Test func inversionAndSquareRootExponentMatchBigUInt() {
        for input in Self.inputs(count: 30, seed: 3) {
            let a = FieldElement(bytes: input)
            let va = S.integer(input) % S.p
            #expect(S.value(a.inverted()) == va.power(S.p - 2, modulus: S.p))
            #expect(S.value(a.pow2523()) == va.power((S.p - 5) / 8, modulus: S.p))
            if va != 0 { #expect(S.value(a * a.inverted()) == 1) }
        }
        #expect(FieldElement.zero.inverted().isZero)
    }

    /// Long random chains keep limbs within the bounds the reductions assume.
    @Test func longOperationChainsStayExact() {
        var rng = SeededRandom(seed: 4)
        var element = FieldElement(bytes: S.randomBytes(&rng).map { $0 & 0xFF })
        var value = S.value(element)
        for _ in 0..<2000 {
            var operandBytes = S.randomBytes(&rng)
            operandBytes[31] &= 0x7F
            let operand = FieldElement(bytes: operandBytes)
            let operandValue = S.integer(operandBytes) % S.p
            switch rng.uniformInt(below: 5) {
            case 0:
                element = element + operand
                value = (value + operandValue) % S.p
            case 1:
                element = element - operand
                value = (value + S.p - operandValue) % S.p
            case 2:
                element = element * operand
                value = (value * operandValue) % S.p
            case 3:
                element = element.squared()
                value = (value * value) % S.p
            default:
                element = -element
                value = (S.p - value) % S.p
            }
        }
        #expect(S.value(element) == value)
    }

    @Test func constantsAreCorrect() {
        let d = S.value(FieldElement.d)
        #expect(d * 121_666 % S.p == (S.p - 121_665))
        #expect(S.value(FieldElement.d2) == 2 * d % S.p)
        let i = S.value(FieldElement.sqrtMinusOne)
        #expect(i * i % S.p == S.p - 1)
        #expect(i == BigUInt(2).power((S.p - 1) / 4, modulus: S.p))
    }

    @Test func squareRootRatioFindsRootsOrReportsNone() {
        var rng = SeededRandom(seed: 5)
        var found = 0
        var missing = 0
        for _ in 0..<40 {
            var ub = S.randomBytes(&rng)
            var vb = S.randomBytes(&rng)
            ub[31] &= 0x7F
            vb[31] &= 0x7F
            let u = FieldElement(bytes: ub)
            let v = FieldElement(bytes: vb)
            let ratio = S.value(u) * S.value(v).power(S.p - 2, modulus: S.p) % S.p
            let isSquare = ratio == 0 || ratio.power((S.p - 1) / 2, modulus: S.p) == 1
            if let x = FieldElement.isSquareRootRatio(u: u, v: v) {
                found += 1
                #expect(isSquare)
                #expect(S.value(x) * S.value(x) % S.p == ratio)
            } else {
                missing += 1
                #expect(!isSquare)
            }
        }
        #expect(found > 0 && missing > 0)
    }

    @Test func selectIsMaskDriven() {
        let a = FieldElement(bytes: S.bytes(12345))
        let b = FieldElement(bytes: S.bytes(67890))
        #expect(S.value(FieldElement.select(a, b, mask: 0)) == 12345)
        #expect(S.value(FieldElement.select(a, b, mask: .max)) == 67890)
    }
}
