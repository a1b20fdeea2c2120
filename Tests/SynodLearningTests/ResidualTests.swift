import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct ResidualTests {
    /// The reference of `ModelRegistry.basicBlock` on `[inputs, size, size]`, composed from layer
    /// references: conv3×3(stride) → GroupNorm(4) → ReLU → conv3×3 → GroupNorm(4), plus the identity
    /// or conv1×1(stride) → GroupNorm(4).
    static func basicBlockReference(_ inputs: Int, _ outputs: Int, stride: Int, size: Int) -> ReferenceLayers.Part {
        let out = (size + 2 - 3) / stride + 1
        let epsilon = Double(Float(1e-5))
        let body = ReferenceLayers.sequential([
            .conv2D(
                channels: inputs, height: size, width: size, outputChannels: outputs, kernel: 3, stride: stride,
                padding: 1),
            .groupNorm(groups: 4, channels: outputs, spatial: out * out, epsilon: epsilon),
            .parameterFree(ReferenceLayers.relu),
            .conv2D(channels: outputs, height: out, width: out, outputChannels: outputs, kernel: 3, padding: 1),
            .groupNorm(groups: 4, channels: outputs, spatial: out * out, epsilon: epsilon),
        ])
        let shortcut =
            stride == 1 && inputs == outputs
            ? nil
            : ReferenceLayers.sequential([
                .conv2D(
                    channels: inputs, height: size, width: size, outputChannels: outputs, kernel: 1, stride: stride),
                .groupNorm(groups: 4, channels: outputs, spatial: out * out, epsilon: epsilon),
            ])
        return ReferenceLayers.residual(body: body, shortcut: shortcut)
    }

    @Test func identityAndProjectionBlocksMatchTheDoubleReferenceAtEveryCoordinate() throws {
        let identity = ModelRegistry.basicBlock(4, 4, stride: 1, name: "b")
        let projection = ModelRegistry.basicBlock(4, 8, stride: 2, name: "b")
        let references = [
            Self.basicBlockReference(4, 4, stride: 1, size: 4), Self.basicBlockReference(4, 8, stride: 2, size: 4),
        ]
        for (index, (block, reference)) in zip([identity, projection], references).enumerated() {
            #expect(block.parameterCount == reference.parameterCount)
            let mismatches = try ExactGradientCheck.check(
                block, inputShape: [4, 4, 4], batch: 2, seed: 30 + UInt64(index), differencing: .richardson,
                reference: reference.forward)
            #expect(mismatches.isEmpty, "block \(index): \(mismatches.count) mismatches, \(mismatches.prefix(4))")
        }
        #expect(identity.parameterSpecs.map(\.name).contains("b.conv1.weight"))
        #expect(projection.parameterSpecs.map(\.name).last == "b.shortcut.1.bias")
    }
}
