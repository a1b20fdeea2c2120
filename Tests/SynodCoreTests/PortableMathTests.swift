import Foundation
import Testing

@testable import SynodCore

@Suite struct PortableMathTests {
    /// Known answers from `crosscheck/rng/rng.py` (the same fdlibm method in Python).
    @Test func knownAnswers() {
        let cases: [(Double, UInt64)] = [
            (0.5, 0xBFE6_2E42_FEFA_39EF), (1e-300, 0xC085_9634_47F8_7FB5),
            (Double.leastNonzeroMagnitude, 0xC087_4385_446D_71C3),
            (0.7071067811865476, 0xBFD6_2E42_FEFA_39EE), (1.4142135623730951, 0x3FD6_2E42_FEFA_39F0),
            (3.0, 0x3FF1_93EA_7AAD_030A), (1e300, 0x4085_9634_47F8_7FB5),
        ]
        for (x, bits) in cases {
            #expect(PortableMath.log(x).bitPattern == bits, "log(\(x))")
        }
    }

    @Test func withinOneUlpOfTheCLibrary() {
        var rng = SeededRandom(seed: 0x106)
        for index in 0..<50_000 {
            // Half in (0, 1) (the Gaussian sampler's domain), half spread over the exponent range.
            let x =
                index % 2 == 0
                ? rng.uniform()
                : Double(sign: .plus, exponent: rng.uniformInt(in: -1074...1023), significand: 1 + rng.uniform())
            guard x > 0 else { continue }
            let ours = PortableMath.log(x)
            let reference = Foundation.log(x)
            #expect(abs(ours - reference) <= reference.ulp, "log(\(x)): \(ours) vs \(reference)")
        }
    }

    @Test func specialValues() {
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-0.0) == -.infinity)
        #expect(PortableMath.log(.infinity) == .infinity)
        #expect(PortableMath.log(-1).isNaN)
        #expect(PortableMath.log(.nan).isNaN)
        #expect(PortableMath.log(-.infinity).isNaN)
        #expect(abs(PortableMath.log(2) - 0.6931471805599453) <= 0.6931471805599453.ulp)
    }
}
