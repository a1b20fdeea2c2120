import SynodCore

@testable import SynodPoQI

/// Synthetic softmax outputs: node i is right with probability `accuracy[i]`, else a random class.
func syntheticPredictions(nodes: Int, samples: Int, accuracy: Double = 0.75, seed: UInt64 = 3) -> (
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
