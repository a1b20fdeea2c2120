/// The reference inference every replica runs for check (iii) of §IV.C step 3f ("the published
/// model maps X_test to Ŷ"), compared bit for bit.
///
/// The float operations have one canonical order, so every IEEE-754 machine gets the same bits:
/// - regression: `ŷ = w0 + w1·x` in binary32, the product rounded, then the sum;
/// - dense layer: `y_j = (((b_j + W_j0·x_0) + W_j1·x_1) + …) + W_j(n−1)·x_(n−1)`, each product and
///   each sum rounded to binary32 in this order; ReLU between dense layers is `v > 0 ? v : 0`.
///
/// Scalar loops only: Swift emits no fused multiply-add and no reassociation for them (no
/// fast-math flags), so the compiler cannot vectorise the sums into another order. Miners compute
/// the Ŷ they post with this function, not with SynodLearning's GEMM kernels, whose blocking
/// sums in a different order.
public enum PoUWInference {
    /// Ŷ for `inputs` (row-major, `sampleCount × task.inputWidth`): `sampleCount × task.outputWidth`
    /// values. The caller checks the input shape.
    public static func predict(_ model: PoUWModel, inputs: [Float], sampleCount: Int) -> [Float] {
        let task = model.task
        if task == .linearRegression {
            let w0 = model.parameters[0]
            let w1 = model.parameters[1]
            return (0..<sampleCount).map { i in
                let product = w1 * inputs[i]
                return w0 + product
            }
        }
        let widths = task.layerWidths
        var output: [Float] = []
        output.reserveCapacity(sampleCount * task.outputWidth)
        model.parameters.withUnsafeBufferPointer { w in
            for sample in 0..<sampleCount {
                var activations = Array(inputs[(sample * widths[0])..<((sample + 1) * widths[0])])
                var offset = 0
                for layer in 0..<(widths.count - 1) {
                    let n = widths[layer]
                    let m = widths[layer + 1]
                    let biases = offset + m * n
                    var next = [Float](repeating: 0, count: m)
                    activations.withUnsafeBufferPointer { x in
                        for j in 0..<m {
                            var sum = w[biases + j]
                            let row = offset + j * n
                            for k in 0..<n {
                                let product = w[row + k] * x[k]
                                sum = sum + product
                            }
                            next[j] = sum
                        }
                    }
                    if layer < widths.count - 2 {
                        for j in 0..<m where !(next[j] > 0) { next[j] = 0 }
                    }
                    activations = next
                    offset = biases + m
                }
                output.append(contentsOf: activations)
            }
        }
        return output
    }
}
