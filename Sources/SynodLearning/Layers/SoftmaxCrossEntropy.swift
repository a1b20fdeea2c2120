import Foundation
import SynodTensor

/// Softmax cross-entropy with mean reduction over the batch (PyTorch `nn.CrossEntropyLoss()`):
/// `L = (1/N) Σₙ (log Σ_k e^{z_nk} − z_{n,yₙ})`, `∂L/∂z_nk = (softmax(z_n)_k − [k = yₙ]) / N`.
public enum SoftmaxCrossEntropy {
    /// Loss and gradient for logits `[N, K]` and labels in `0..<K`; throws on a bad label or shape.
    public static func lossAndGradient(logits: Tensor, labels: [Int32]) throws(ModelError) -> (
        loss: Double, gradient: Tensor
    ) {
        guard logits.rank == 2, logits.shape[0] == labels.count else {
            throw ModelError(.shapeMismatch, "cross-entropy: logits \(logits.shape) vs \(labels.count) labels")
        }
        let (batch, classes) = (logits.shape[0], logits.shape[1])
        var gradient = Tensor(shape: logits.shape)
        var total = 0.0
        for n in 0..<batch {
            let label = Int(labels[n])
            guard label >= 0, label < classes else {
                throw ModelError(.invalidArgument, "cross-entropy: label \(label) at index \(n) not in 0..<\(classes)")
            }
            let row = n * classes
            var maximum = -Float.infinity
            for k in 0..<classes { maximum = max(maximum, logits.values[row + k]) }
            var sum = 0.0
            for k in 0..<classes { sum += Double(expf(logits.values[row + k] - maximum)) }
            let logSum = Double(maximum) + log(sum)
            total += logSum - Double(logits.values[row + label])
            for k in 0..<classes {
                let p = exp(Double(logits.values[row + k]) - logSum)
                gradient.values[row + k] = Float((p - (k == label ? 1 : 0)) / Double(batch))
            }
        }
        return (total / Double(max(batch, 1)), gradient)
    }

    /// Row-wise softmax probabilities of logits `[N, K]`.
    public static func softmax(_ logits: Tensor) -> Tensor {
        var out = logits
        let classes = logits.shape.last ?? 1
        let rows = logits.count / max(classes, 1)
        for n in 0..<rows {
            let row = n * classes
            var maximum = -Float.infinity
            for k in 0..<classes { maximum = max(maximum, logits.values[row + k]) }
            var sum: Float = 0
            for k in 0..<classes {
                let e = expf(logits.values[row + k] - maximum)
                out.values[row + k] = e
                sum += e
            }
            for k in 0..<classes { out.values[row + k] /= sum }
        }
        return out
    }
}
