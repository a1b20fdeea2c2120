import SynodCore
import SynodRobust
import Testing

@Suite struct AttackTests {
    static let honest: [[Float]] = [[1, 2], [3, 4], [5, 0]]

    func context(seed: UInt64 = 1, n: Int = 5, f: Int = 2) -> AttackContext {
        AttackContext(honest: AttackTests.honest, totalNodes: n, byzantineCount: f, rng: SeededRandom(seed: seed))
    }

    @Test func simpleAttacks() throws {
        #expect(try ConstantAttack().craft(context()) == .vector([1e7, 1e7]))
        #expect(try SignFlipAttack(scale: 2).craft(context()) == .vector([-6, -4]))
        #expect(try InnerProductManipulationAttack(epsilon: 0.5).craft(context()) == .vector([-1.5, -1]))
        #expect(try MimicAttack(target: 2).craft(context()) == .vector([5, 0]))
        #expect(try SilenceAttack().craft(context()) == .silence)
        #expect(throws: AttackError.self) { try MimicAttack(target: 3).craft(context()) }
    }

    @Test func aliePaperZ() throws {
        // n = 50, f = 24 (Baruch et al. 2019, §4): s = 26 − 24 = 2, z = Φ⁻¹(48/50) ≈ 1.7507.
        #expect(abs(try ALittleIsEnoughAttack.zMax(totalNodes: 50, byzantine: 24) - 1.7506860712521692) < 1e-12)
        #expect(throws: AttackError.self) { try ALittleIsEnoughAttack.zMax(totalNodes: 4, byzantine: 3) }
        let fixed = try ALittleIsEnoughAttack(z: .fixed(1)).craft(context()).vector!
        #expect(fixed == [5, 4])  // mean [3, 2] + sample std [2, 2]
    }

    @Test func gaussianIsSeededAndPerReceiver() throws {
        let a = try GaussianAttack().craft(context(seed: 3)).vector!
        let b = try GaussianAttack().craft(context(seed: 3)).vector!
        let c = try GaussianAttack().craft(context(seed: 4)).vector!
        #expect(a == b && a != c)
    }

    @Test func nonFiniteVectorsAreRejectedByHygiene() throws {
        for kind in NonFiniteAttack.Kind.allCases {
            let v = try NonFiniteAttack(kind: kind).craft(context()).vector!
            var hygiene = InputHygiene(dimension: 2)
            #expect(throws: AggregationError(.nonFiniteValue, "", vectorIndex: 7, coordinate: 0)) {
                try hygiene.check(v, index: 7)
            }
        }
    }

    @Test func labelFlipping() throws {
        let flip = try LabelFlipping(classCount: 10)
        #expect(try flip.apply([0, 9, 3]) == [9, 0, 6])
        #expect(throws: AttackError.self) { try flip.apply([10]) }
        #expect(throws: AttackError.self) { try LabelFlipping(classCount: 0) }
    }
}
