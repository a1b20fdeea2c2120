/// A set of labelled grey images held as one contiguous `[Float]`.
///
/// `images` holds `count × rows × cols` values, image after image, each row-major. Loaded data are
/// scaled to [0, 1] (byte / 255); ``normalized(mean:std:)`` returns a standardised copy.
/// `labels[i]` is the class of image `i`, in `0..<classCount`.
public struct LabeledImages: Sendable, Equatable {
    /// The pixels, `count × rows × cols`, row-major.
    public let images: [Float]
    /// The class of each image, in `0..<classCount`.
    public let labels: [Int32]
    /// The number of images.
    public let count: Int
    /// The image height.
    public let rows: Int
    /// The image width.
    public let cols: Int
    /// The number of classes.
    public let classCount: Int

    /// The number of values per image (`rows × cols`).
    public var featureCount: Int { rows * cols }

    /// Creates a data set, validating sizes and labels.
    ///
    /// - Throws: ``DatasetError`` `.invalidArgument` when `images.count ≠ labels.count × rows × cols`
    ///   or a label is outside `0..<classCount`.
    public init(images: [Float], labels: [Int32], rows: Int, cols: Int, classCount: Int) throws(DatasetError) {
        guard rows > 0, cols > 0, classCount > 0 else {
            throw DatasetError(
                .invalidArgument, "rows (\(rows)), cols (\(cols)) and classCount (\(classCount)) must be positive")
        }
        guard images.count == labels.count * rows * cols else {
            throw DatasetError(
                .invalidArgument,
                "\(images.count) pixel values do not make \(labels.count) images of \(rows)×\(cols)")
        }
        if let i = labels.firstIndex(where: { $0 < 0 || Int($0) >= classCount }) {
            throw DatasetError(
                .invalidArgument, "label \(labels[i]) of image \(i) is outside 0..<\(classCount)")
        }
        self.init(unchecked: images, labels: labels, rows: rows, cols: cols, classCount: classCount)
    }

    init(unchecked images: [Float], labels: [Int32], rows: Int, cols: Int, classCount: Int) {
        self.images = images
        self.labels = labels
        self.count = labels.count
        self.rows = rows
        self.cols = cols
        self.classCount = classCount
    }

    /// The pixels of image `index` (`featureCount` values).
    public func image(_ index: Int) -> ArraySlice<Float> {
        images[index * featureCount..<(index + 1) * featureCount]
    }

    /// The images in `range` (clamped to `0..<count`), in order.
    public func slice(_ range: Range<Int>) -> LabeledImages {
        let r = range.clamped(to: 0..<count)
        return LabeledImages(
            unchecked: Array(images[r.lowerBound * featureCount..<r.upperBound * featureCount]),
            labels: Array(labels[r]), rows: rows, cols: cols, classCount: classCount)
    }

    /// The images at `indices`, in that order (duplicates allowed).
    ///
    /// - Throws: ``DatasetError`` `.invalidArgument` if an index is outside `0..<count`.
    public func subset(indices: [Int]) throws(DatasetError) -> LabeledImages {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DatasetError(.invalidArgument, "index \(bad) is outside 0..<\(count)")
        }
        let batch = gather(indices)
        return LabeledImages(
            unchecked: batch.images, labels: batch.labels, rows: rows, cols: cols, classCount: classCount)
    }

    /// The images and labels at `indices` (which must be valid) as one batch.
    public func batch(indices: [Int]) throws(DatasetError) -> Batch {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DatasetError(.invalidArgument, "index \(bad) is outside 0..<\(count)")
        }
        return gather(indices)
    }

    func gather(_ indices: [Int]) -> Batch {
        let f = featureCount
        var out = [Float](repeating: 0, count: indices.count * f)
        var outLabels = [Int32](repeating: 0, count: indices.count)
        images.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    let s = UnsafeBufferPointer(rebasing: src[i * f..<(i + 1) * f])
                    _ = UnsafeMutableBufferPointer(rebasing: dst[k * f..<(k + 1) * f]).initialize(from: s)
                    outLabels[k] = labels[i]
                }
            }
        }
        return Batch(images: out, labels: outLabels, featureCount: f)
    }

    /// A copy with every pixel replaced by `(x − mean) / std` (as torchvision's `Normalize`).
    ///
    /// Use the training set's statistics for both splits, e.g.
    /// `normalized(mean: DatasetName.fashionMNIST.standardMean, std: DatasetName.fashionMNIST.standardStd)`.
    /// `std` must be positive (a non-positive value returns the data unchanged after subtracting
    /// the mean).
    public func normalized(mean: Float, std: Float) -> LabeledImages {
        let divisor: Float = std > 0 ? std : 1
        let out = [Float](unsafeUninitializedCapacity: images.count) { buffer, initialized in
            images.withUnsafeBufferPointer { src in
                for i in 0..<src.count { buffer[i] = (src[i] - mean) / divisor }
            }
            initialized = images.count
        }
        return LabeledImages(unchecked: out, labels: labels, rows: rows, cols: cols, classCount: classCount)
    }

    /// The standardised copy with the data set's standard statistics
    /// (``DatasetName/standardMean``, ``DatasetName/standardStd``).
    public func normalized(like name: DatasetName) -> LabeledImages {
        normalized(mean: name.standardMean, std: name.standardStd)
    }

    /// The mean and population standard deviation of all pixels (accumulated in `Double`).
    public func pixelStatistics() -> (mean: Double, std: Double) {
        guard !images.isEmpty else { return (0, 0) }
        var sum = 0.0
        var sumSquares = 0.0
        images.withUnsafeBufferPointer { p in
            for x in p {
                let d = Double(x)
                sum += d
                sumSquares += d * d
            }
        }
        let n = Double(images.count)
        let mean = sum / n
        return (mean, max(0, sumSquares / n - mean * mean).squareRoot())
    }

    /// The number of images of each class (`classCount` entries).
    public func classHistogram() -> [Int] {
        var histogram = [Int](repeating: 0, count: classCount)
        for label in labels { histogram[Int(label)] += 1 }
        return histogram
    }

    /// The indices of the images of each class, ascending (`classCount` arrays).
    public func indicesByClass() -> [[Int]] {
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { byClass[Int(label)].append(i) }
        return byClass
    }
}
