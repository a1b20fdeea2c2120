/// A mini-batch: `count` images as one `[count × featureCount]` row-major matrix, and their labels.
public struct Batch: Sendable, Equatable {
    /// The inputs, `count × featureCount`, one image per row.
    public let images: [Float]
    /// The class of each row.
    public let labels: [Int32]
    /// The number of values per image.
    public let featureCount: Int

    /// The number of images in the batch.
    public var count: Int { labels.count }

    /// Creates a batch; `images.count` must equal `labels.count × featureCount`.
    public init(images: [Float], labels: [Int32], featureCount: Int) {
        precondition(images.count == labels.count * featureCount, "batch images/labels size mismatch")
        self.images = images
        self.labels = labels
        self.featureCount = featureCount
    }
}
