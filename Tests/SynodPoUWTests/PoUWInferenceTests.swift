import SynodCore
import Testing

@testable import SynodPoUW

@Suite struct PoUWInferenceTests {
    @Test func theRegressionIsW0PlusW1X() throws {
        let model = try PoUWModel(task: .linearRegression, parameters: [0.5, 3])
        #expect(PoUWInference.predict(model, inputs: [1, 0.25, -2], sampleCount: 3) == [3.5, 1.25, -5.5])
    }

    @Test func denseLayersSumBiasFirstThenInOrder() throws {
        // W[c, 3] = c, bias[c] = 0.25; x = 2 at feature 3: logit c = 0.25 + 2c exactly.
        var parameters = [Float](repeating: 0, count: PoUWTaskKind.fashionMNISTLogistic.parameterCount)
        for c in 0..<10 {
            parameters[c * 784 + 3] = Float(c)
            parameters[7840 + c] = 0.25
        }
        let model = try PoUWModel(task: .fashionMNISTLogistic, parameters: parameters)
        var x = [Float](repeating: 0, count: 784)
        x[3] = 2
        #expect(PoUWInference.predict(model, inputs: x, sampleCount: 1) == (0..<10).map { 0.25 + 2 * Float($0) })
    }

    @Test func theSumOrderIsCanonicalNotReassociated() throws {
        // (b + 1e8·1) + (−1e8·1) + 1·1 = 1 in binary32 left to right; another order gives 0 or 2.
        var parameters = [Float](repeating: 0, count: PoUWTaskKind.fashionMNISTLogistic.parameterCount)
        parameters[0] = 1e8
        parameters[1] = -1e8
        parameters[2] = 1
        let model = try PoUWModel(task: .fashionMNISTLogistic, parameters: parameters)
        var x = [Float](repeating: 0, count: 784)
        x[0] = 1
        x[1] = 1
        x[2] = 1
        #expect(PoUWInference.predict(model, inputs: x, sampleCount: 1)[0] == 1)
    }

    @Test func theMLPAppliesReLUBetweenLayers() throws {
        let task = PoUWTaskKind.fashionMNISTMLP
        var parameters = [Float](repeating: 0, count: task.parameterCount)
        let fc1Bias = 784 * 256
        let fc2 = fc1Bias + 256
        let fc2Bias = fc2 + 256 * 128
        let fc3 = fc2Bias + 128
        parameters[fc1Bias + 0] = -3  // hidden 0 is cut by ReLU
        parameters[fc1Bias + 1] = 2
        parameters[fc2 + 0] = 1  // h2[0] = h1[0]
        parameters[fc2 + 1] = 5  // h2[0] += 5·h1[1]
        parameters[fc3 + 0] = 1  // logit 0 = h2[0]
        let model = try PoUWModel(task: task, parameters: parameters)
        let logits = PoUWInference.predict(model, inputs: [Float](repeating: 0, count: 784), sampleCount: 1)
        #expect(logits == [10] + [Float](repeating: 0, count: 9))
    }

    @Test func scoresAreSSEAndErrorCounts() {
        #expect(PoUWScore.score([1, 2], labels: [1.5, 0], task: .linearRegression).loss == 4.25)
        #expect(PoUWScore.score([.nan, 2], labels: [1.5, 0], task: .linearRegression).loss == .infinity)
        var logits = [Float](repeating: 0, count: 30)
        logits[3] = 1  // sample 0 → 3 (right)
        logits[10 + 5] = 1
        logits[10 + 6] = 1  // sample 1 → first maximum 5 (wrong: label 6)
        logits[20] = .nan  // sample 2: non-finite (wrong)
        #expect(PoUWScore.score(logits, labels: [3, 6, 0], task: .fashionMNISTLogistic).loss == 2)
    }
}
