import SynodCore
import SynodLearning

/// Small synthetic data sets for the protocol and lab tests, deterministic in their seed.
public enum SyntheticData {
    /// Learnable 28×28 images with 10 classes: class c lights up a band of rows plus noise.
    public static func images(count: Int, seed: UInt64) -> LabeledImages {
        var rng = SeededRandom(seed: seed)
        var pixels = [Float](repeating: 0, count: count * 784)
        var labels = [Int32](repeating: 0, count: count)
        for i in 0..<count {
            let c = i % 10
            labels[i] = Int32(c)
            for p in 0..<784 {
                let row = p / 28
                let base: Float = (row / 3 == c) ? 1 : 0
                pixels[i * 784 + p] = base + Float(rng.uniform(0, 0.3))
            }
        }
        return try! LabeledImages(images: pixels, labels: labels, rows: 28, cols: 28, classCount: 10)
    }

    /// Softmax outputs of `nodes` models over `samples` samples of 10 classes: each model is right
    /// with probability `accuracy`, else it favours a random class.
    public static func predictions(nodes: Int, samples: Int, accuracy: Double = 0.75, seed: UInt64 = 3) -> (
        predictions: [[[Float]]], labels: [Int]
    ) {
        var rng = SeededRandom(seed: seed)
        let labels = (0..<samples).map { _ in rng.uniformInt(in: 0..<10) }
        let predictions = (0..<nodes).map { _ in
            labels.map { label -> [Float] in
                let c = rng.bernoulli(accuracy) ? label : rng.uniformInt(in: 0..<10)
                var v = (0..<10).map { _ in Float(rng.uniform(0, 0.1)) }
                v[c] += Float(rng.uniform(0.3, 0.9))
                let sum = v.reduce(0, +)
                return v.map { $0 / sum }
            }
        }
        return (predictions, labels)
    }

    /// A softmax vector of `classes` classes giving `confidence` to class `c` and the rest evenly.
    public static func softmax(_ c: Int, _ confidence: Float = 0.8, classes: Int = 4) -> [Float] {
        var v = [Float](repeating: (1 - confidence) / Float(classes - 1), count: classes)
        v[c] = confidence
        return v
    }
}
