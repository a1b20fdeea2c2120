import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct ResidualTests {
    @Test func identityAndProjectionBlocksMatchFiniteDifferences() throws {
        let identity = ModelRegistry.basicBlock(4, 4, stride: 1, name: "b")
        let projection = ModelRegistry.basicBlock(4, 8, stride: 2, name: "b")
        for (index, block) in [identity, projection].enumerated() {
            let errors = try GradientCheck.check(block, inputShape: [4, 6, 6], batch: 2, seed: 30 + UInt64(index))
            #expect(errors.input < 1e-2 && errors.parameters < 1e-2, "block \(index): \(errors)")
        }
        #expect(identity.parameterSpecs.map(\.name).contains("b.conv1.weight"))
        #expect(projection.parameterSpecs.map(\.name).last == "b.shortcut.1.bias")
    }
}
