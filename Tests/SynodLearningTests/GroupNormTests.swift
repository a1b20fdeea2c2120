import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct GroupNormTests {
    @Test func backwardMatchesFiniteDifferences() throws {
        for (groups, shape) in [(2, [4, 3, 3]), (1, [3, 2, 5]), (3, [3, 4, 4]), (1, [6])] {
            let errors = try GradientCheck.check(
                GroupNorm(groups: groups, channels: shape[0], name: "gn"), inputShape: shape, batch: 2,
                seed: UInt64(groups))
            #expect(errors.input < 1e-2 && errors.parameters < 1e-2, "G=\(groups) \(shape): \(errors)")
        }
    }

    @Test func normalisesEachGroupToZeroMeanUnitVariance() throws {
        var layer = GroupNorm(groups: 2, channels: 4, epsilon: 0, name: "gn")
        var rng = SeededRandom(seed: 8)
        let x = try Tensor(shape: [1, 4, 3, 3], values: GradientCheck.randomValues(36, &rng, scale: 5))
        var p = [Float](repeating: 0, count: 8)
        p.withUnsafeMutableBufferPointer { layer.initialize($0, rng: &rng) }
        let y = p.withUnsafeBufferPointer { layer.forward(x, parameters: $0, training: true) }
        for g in 0..<2 {
            let group = y.values[(g * 18)..<((g + 1) * 18)].map(Double.init)
            let mean = group.reduce(0, +) / 18
            let variance = group.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 18
            #expect(abs(mean) < 1e-5)
            #expect(abs(variance - 1) < 1e-4)
        }
    }
}
