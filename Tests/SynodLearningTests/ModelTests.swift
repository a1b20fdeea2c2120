import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct ModelTests {
    static func smallNetwork(seed: UInt64) throws -> Model {
        try Model(
            name: "small", inputShape: [1, 8, 8],
            layers: [
                Conv2D(1, 4, kernel: 3, padding: 1, name: "conv"), GroupNorm(groups: 2, channels: 4, name: "gn"),
                ReLU(),
                MaxPool2D(2), Flatten(), Dense(64, 3, name: "fc"),
            ], seed: seed)
    }

    @Test func flatLayoutIsContiguousAndDocumented() throws {
        let model = try ModelRegistry.build("lenet5", seed: 1)
        #expect(model.parameterCount == 61_706)
        var offset = 0
        for (spec, start) in model.namedTensors {
            #expect(start == offset)
            offset += spec.count
        }
        #expect(offset == model.parameterCount)
        #expect(
            model.namedTensors.map(\.spec.name).prefix(4) == [
                "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            ])
        #expect(model.namedTensors.first?.spec.shape == [6, 1, 5, 5])
    }

    @Test func registryCountsAndLogisticIs7850() throws {
        #expect(try ModelRegistry.parameterCount("logistic") == 7_850)
        #expect(try ModelRegistry.parameterCount("mlp") == 235_146)
        #expect(try ModelRegistry.parameterCount("lenet5") == 61_706)
        #expect(ModelRegistry.names.count >= 6)
        for name in ModelRegistry.names {
            let model = try ModelRegistry.build(name, seed: 3)
            #expect(model.parameterCount == (try ModelRegistry.parameterCount(name)))
            #expect(model.classCount == 10)
        }
        #expect(throws: ModelError(.unknownName, "")) { try ModelRegistry.build("nope", seed: 1) }
    }

    @Test func loadValidatesAndIsDeterministic() throws {
        var a = try ModelRegistry.build("logistic", seed: 5)
        let b = try ModelRegistry.build("logistic", seed: 5)
        #expect(a.flatParameters == b.flatParameters)
        #expect(throws: ModelError(.sizeMismatch, "")) { try a.load(flatParameters: [1, 2]) }
        var bad = b.flatParameters
        bad[17] = .nan
        #expect(throws: ModelError(.nonFinite, "")) { try a.load(flatParameters: bad) }
        let zeros = [Float](repeating: 0, count: 7_850)
        try a.load(flatParameters: zeros)
        #expect(a.flatParameters == zeros)
        #expect(throws: ModelError(.shapeMismatch, "")) { try a.forward(Tensor(shape: [2, 784]), training: false) }
    }

    /// A network without kinks (no ReLU / max pool), so the loss is smooth in every parameter and
    /// the check covers the composition (flat slices, residual sums, the loss) at every parameter
    /// coordinate; the kinked layers are checked one by one with inputs kept away from their kinks.
    static func smoothNetwork(seed: UInt64) throws -> Model {
        try Model(
            name: "smooth", inputShape: [2, 4, 4],
            layers: [
                Conv2D(2, 4, kernel: 3, padding: 1, name: "conv"), GroupNorm(groups: 2, channels: 4, name: "gn"),
                Residual(
                    body: [
                        Conv2D(4, 4, kernel: 3, padding: 1, name: "b.conv"),
                        GroupNorm(groups: 1, channels: 4, name: "b.gn"),
                    ]),
                Flatten(), Dense(64, 3, name: "fc"),
            ], seed: seed)
    }

    /// The Double reference of ``smoothNetwork(seed:)``'s logits, composed from layer references.
    static func smoothNetworkReference() -> ReferenceLayers.Part {
        let epsilon = Double(Float(1e-5))
        return ReferenceLayers.sequential([
            .conv2D(channels: 2, height: 4, width: 4, outputChannels: 4, kernel: 3, padding: 1),
            .groupNorm(groups: 2, channels: 4, spatial: 16, epsilon: epsilon),
            ReferenceLayers.residual(
                body: ReferenceLayers.sequential([
                    .conv2D(channels: 4, height: 4, width: 4, outputChannels: 4, kernel: 3, padding: 1),
                    .groupNorm(groups: 1, channels: 4, spatial: 16, epsilon: epsilon),
                ]), shortcut: nil),
            .parameterFree(ReferenceLayers.flatten),
            .dense(inputs: 64, outputs: 3),
        ])
    }

    @Test func wholeModelGradientMatchesTheDoubleReferenceAtEveryParameter() throws {
        var model = try Self.smoothNetwork(seed: 2)
        var rng = SeededRandom(seed: 11)
        try model.load(flatParameters: TestValues.uniform(model.parameterCount, &rng, scale: 0.5))
        let x = try Tensor(shape: [2, 2, 4, 4], values: TestValues.uniform(64, &rng))
        let labels: [Int32] = [2, 1]
        let loss = try model.computeGradient(input: x, labels: labels)
        let reference = Self.smoothNetworkReference()
        #expect(reference.parameterCount == model.parameterCount)
        let input = x.values.map(Double.init)
        func referenceLoss(_ parameters: [Double]) -> Double {
            ReferenceSoftmaxCrossEntropy.loss(reference.forward(input, parameters), classes: 3, labels: labels)
        }
        let parameters = model.flatParameters.map(Double.init)
        #expect(ExactGradientCheck.agrees(loss, referenceLoss(parameters)), "loss \(loss)")
        let mismatches = ExactGradientCheck.gradientMismatches(
            "∂parameter", analytic: model.flatGradients, at: parameters, differencing: .richardson,
            objective: referenceLoss)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, \(mismatches.prefix(4))")
    }

    @Test func perSampleGradientsAverageToTheBatchGradient() throws {
        var model = try Self.smallNetwork(seed: 4)
        var rng = SeededRandom(seed: 21)
        let x = try Tensor(shape: [5, 1, 8, 8], values: TestValues.uniform(320, &rng))
        let labels: [Int32] = [0, 1, 2, 1, 0]
        try model.computeGradient(input: x, labels: labels)
        let batch = model.flatGradients
        let perSample = try model.perSampleGradients(input: x, labels: labels)
        #expect(perSample.count == 5)
        for i in 0..<batch.count {
            let mean = perSample.reduce(0.0) { $0 + Double($1[i]) } / 5
            #expect(abs(mean - Double(batch[i])) < 1e-5 + 1e-4 * abs(Double(batch[i])))
        }
        let clip: Float = 0.1
        let (sum, norms) = try model.clippedGradientSum(input: x, labels: labels, clipNorm: clip)
        #expect(norms.count == 5)
        var expected = [Double](repeating: 0, count: batch.count)
        for (g, n) in zip(perSample, norms) {
            #expect(abs(Double(n) - Reductions.norm(g)) < 1e-4 * Double(n))
            let scale = min(1, Double(clip) / Double(n))
            for i in 0..<g.count { expected[i] += scale * Double(g[i]) }
        }
        for i in 0..<sum.count { #expect(abs(Double(sum[i]) - expected[i]) < 1e-5) }
        #expect(throws: ModelError(.invalidArgument, "")) {
            try model.clippedGradientSum(input: x, labels: labels, clipNorm: 0)
        }
    }
}
