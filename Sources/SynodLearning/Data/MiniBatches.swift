import SynodCore

/// Deterministic mini-batch orders over `sampleCount` samples.
///
/// The order of epoch `e` is a Fisher–Yates shuffle of `0..<sampleCount` drawn from
/// `SeededRandom(seed: seed).split("minibatches.epoch", e)`: it depends only on the seed and the
/// epoch number (not on how many epochs were drawn before), so a restarted node resumes with the
/// same batches. Without shuffling, the order is `0, 1, 2, …`. Batches are consecutive runs of
/// `batchSize` indices of that order; the last one is shorter unless `dropLast` drops it.
public struct MiniBatches: Sendable, Equatable {
    /// The number of samples.
    public let sampleCount: Int
    /// The batch size.
    public let batchSize: Int
    /// Whether a final batch smaller than `batchSize` is dropped.
    public let dropLast: Bool
    /// Whether each epoch's order is shuffled.
    public let shuffle: Bool
    /// The seed of the shuffles.
    public let seed: UInt64

    /// Creates a batch plan.
    ///
    /// - Throws: ``DatasetError`` `.invalidArgument` if `batchSize < 1` or `sampleCount < 0`.
    public init(sampleCount: Int, batchSize: Int, dropLast: Bool = false, shuffle: Bool = true, seed: UInt64)
        throws(DatasetError)
    {
        guard batchSize >= 1 else {
            throw DatasetError(.invalidArgument, "batch size must be at least 1, got \(batchSize)")
        }
        guard sampleCount >= 0 else {
            throw DatasetError(.invalidArgument, "sample count must not be negative, got \(sampleCount)")
        }
        self.sampleCount = sampleCount
        self.batchSize = batchSize
        self.dropLast = dropLast
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The number of batches in each epoch.
    public var batchesPerEpoch: Int {
        dropLast ? sampleCount / batchSize : (sampleCount + batchSize - 1) / batchSize
    }

    /// The sample order of `epoch` (a permutation of `0..<sampleCount`).
    public func order(epoch: Int) -> [Int] {
        var order = Array(0..<sampleCount)
        if shuffle {
            var rng = SeededRandom(seed: seed).split("minibatches.epoch", UInt64(truncatingIfNeeded: epoch))
            rng.shuffle(&order)
        }
        return order
    }

    /// The index arrays of every batch of `epoch`, in order.
    public func indices(epoch: Int) -> [[Int]] {
        let order = order(epoch: epoch)
        return (0..<batchesPerEpoch).map { b in
            Array(order[b * batchSize..<min(order.count, (b + 1) * batchSize)])
        }
    }

    /// The batches of `data` for `epoch` (gathered lazily, one at a time).
    ///
    /// - Throws: ``DatasetError`` `.invalidArgument` if `data.count ≠ sampleCount`.
    public func batches(of data: LabeledImages, epoch: Int) throws(DatasetError) -> LazyMapSequence<[[Int]], Batch> {
        guard data.count == sampleCount else {
            throw DatasetError(
                .invalidArgument, "the batch plan is for \(sampleCount) samples, the data set has \(data.count)")
        }
        return indices(epoch: epoch).lazy.map { data.gather($0) }
    }
}
