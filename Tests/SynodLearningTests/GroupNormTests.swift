import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct GroupNormTests {
    @Test func backwardMatchesTheDoubleReferenceAtEveryCoordinate() throws {
        let cases: [(groups: Int, shape: [Int], epsilon: Float)] = [
            (2, [4, 3, 3], 1e-5), (1, [3, 2, 5], 1e-5), (3, [3, 4, 4], 1e-5), (1, [6], 1e-5), (2, [4, 2, 2], 0.5),
        ]
        for (index, c) in cases.enumerated() {
            let channels = c.shape[0]
            let spatial = c.shape.dropFirst().reduce(1, *)
            let mismatches = try ExactGradientCheck.check(
                GroupNorm(groups: c.groups, channels: channels, epsilon: c.epsilon, name: "gn"), inputShape: c.shape,
                batch: 2, seed: UInt64(index), differencing: .richardson,
                reference: ReferenceLayers.groupNorm(
                    groups: c.groups, channels: channels, spatial: spatial, epsilon: Double(c.epsilon)))
            #expect(mismatches.isEmpty, "G=\(c.groups) \(c.shape) ε=\(c.epsilon): \(mismatches)")
        }
    }

    @Test func normalisesEachGroupToZeroMeanUnitVariance() throws {
        var layer = GroupNorm(groups: 2, channels: 4, epsilon: 0, name: "gn")
        var rng = SeededRandom(seed: 8)
        let x = try Tensor(shape: [1, 4, 3, 3], values: TestValues.uniform(36, &rng, scale: 5))
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
