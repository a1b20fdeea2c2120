import SynodTensor

/// Mini-batch training and evaluation loops over in-memory examples (row-major images).
public enum Trainer {
    /// Progress of an epoch, reported after every batch.
    public struct Progress: Sendable {
        /// Batches done in this epoch.
        public var batchesDone: Int
        /// Batches in this epoch.
        public var batchCount: Int
        /// Examples done in this epoch.
        public var examplesDone: Int
        /// Running mean of the batch losses.
        public var meanLoss: Double
    }

    /// Copies the examples at `indices` into a batch tensor `[B] + shape`.
    public static func gather(
        images: [Float], labels: [Int32], indices: ArraySlice<Int>, shape: [Int]
    ) -> (Tensor, [Int32]) {
        let features = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: indices.count * features)
        var batchLabels = [Int32]()
        batchLabels.reserveCapacity(indices.count)
        values.withUnsafeMutableBufferPointer { dst in
            images.withUnsafeBufferPointer { src in
                for (row, index) in indices.enumerated() {
                    (dst.baseAddress! + row * features).update(
                        from: src.baseAddress! + index * features, count: features)
                    batchLabels.append(labels[index])
                }
            }
        }
        return (Tensor(unchecked: [indices.count] + shape, values: values), batchLabels)
    }

    /// One pass over the examples in the given order; one optimizer step per mini-batch (the last
    /// batch may be smaller). `learningRate`, when given, sets the rate before batch `b`. Returns the mean batch loss. Throws on malformed data or a
    /// non-finite loss.
    @discardableResult
    public static func trainEpoch(
        model: inout Model, optimizer: inout some Optimizer, images: [Float], labels: [Int32], order: [Int],
        batchSize: Int, learningRate: ((Int) -> Float)? = nil, progress: ((Progress) -> Void)? = nil
    ) throws(ModelError) -> Double {
        let features = model.inputShape.reduce(1, *)
        guard batchSize > 0 else { throw ModelError(.invalidArgument, "batch size must be positive, got \(batchSize)") }
        guard images.count == labels.count * features else {
            throw ModelError(
                .sizeMismatch, "\(labels.count) labels need \(labels.count * features) pixels, got \(images.count)")
        }
        if let bad = order.first(where: { $0 < 0 || $0 >= labels.count }) {
            throw ModelError(.invalidArgument, "example index \(bad) outside 0..<\(labels.count)")
        }
        let batchCount = (order.count + batchSize - 1) / batchSize
        var lossSum = 0.0
        for b in 0..<batchCount {
            let range = (b * batchSize)..<min(order.count, (b + 1) * batchSize)
            let (input, batchLabels) = gather(
                images: images, labels: labels, indices: order[range], shape: model.inputShape)
            let loss = try model.computeGradient(input: input, labels: batchLabels)
            guard loss.isFinite else { throw ModelError(.nonFinite, "loss became \(loss) at batch \(b)") }
            lossSum += loss
            if let learningRate { optimizer.learningRate = learningRate(b) }
            let gradients = model.gradients
            try model.updateParameters { (p: inout [Float]) throws(ModelError) in
                try optimizer.step(parameters: &p, gradients: gradients)
            }
            progress?(
                Progress(
                    batchesDone: b + 1, batchCount: batchCount, examplesDone: range.upperBound,
                    meanLoss: lossSum / Double(b + 1)))
        }
        model.clearCache()
        return lossSum / Double(max(batchCount, 1))
    }

    /// Fraction of examples whose predicted class equals the label.
    public static func accuracy(model: inout Model, images: [Float], labels: [Int32], batchSize: Int = 500)
        throws(ModelError) -> Double
    {
        let features = model.inputShape.reduce(1, *)
        guard images.count == labels.count * features else {
            throw ModelError(
                .sizeMismatch, "\(labels.count) labels need \(labels.count * features) pixels, got \(images.count)")
        }
        guard !labels.isEmpty else { return 0 }
        var correct = 0
        let all = Array(0..<labels.count)
        var start = 0
        while start < labels.count {
            let end = min(labels.count, start + max(batchSize, 1))
            let (input, batchLabels) = gather(
                images: images, labels: labels, indices: all[start..<end], shape: model.inputShape)
            let predictions = try model.predict(input)
            for (p, l) in zip(predictions, batchLabels) where p == Int(l) { correct += 1 }
            start = end
        }
        return Double(correct) / Double(labels.count)
    }
}
