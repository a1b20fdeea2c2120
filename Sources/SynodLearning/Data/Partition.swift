/// The result of splitting a data set among nodes: for each node, the ascending indices of its
/// samples. Every sample belongs to at most one node.
public struct Partition: Sendable, Equatable {
    /// The scheme that produced this partition.
    public let scheme: PartitionScheme
    /// The sample indices of each node, ascending.
    public let nodeIndices: [[Int]]
    /// The number of samples of the partitioned data set.
    public let sampleCount: Int

    /// Creates a partition (indices are sorted per node).
    public init(scheme: PartitionScheme, nodeIndices: [[Int]], sampleCount: Int) {
        self.scheme = scheme
        self.nodeIndices = nodeIndices.map { $0.sorted() }
        self.sampleCount = sampleCount
    }

    /// The number of nodes.
    public var nodeCount: Int { nodeIndices.count }

    /// The number of samples of each node.
    public var nodeSizes: [Int] { nodeIndices.map(\.count) }

    /// The number of samples assigned to some node.
    public var assignedCount: Int { nodeIndices.reduce(0) { $0 + $1.count } }

    /// The per-node class histograms (`nodeCount × classCount`).
    public func classHistograms(labels: [Int32], classCount: Int) -> [[Int]] {
        nodeIndices.map { indices in
            var histogram = [Int](repeating: 0, count: classCount)
            for i in indices { histogram[Int(labels[i])] += 1 }
            return histogram
        }
    }

    /// The same partition with each node keeping only the first ⌊fraction · size⌋ of its indices
    /// (ascending, i.e. dataset order): the SPDL reference code trains on the first 80 % of each
    /// node's file (`isSPDL/SPDL: mnist_dataset.py`, `train_cut=.80`).
    ///
    /// - Throws: ``DatasetError`` `.invalidArgument` unless 0 ≤ fraction ≤ 1.
    public func keepingFirst(fraction: Double) throws(DatasetError) -> Partition {
        guard fraction >= 0, fraction <= 1 else {
            throw DatasetError(.invalidArgument, "fraction must be in [0, 1], got \(fraction)")
        }
        return Partition(
            scheme: scheme,
            nodeIndices: nodeIndices.map { Array($0.prefix(Int((Double($0.count) * fraction).rounded(.down)))) },
            sampleCount: sampleCount)
    }

    /// The data of node `node`.
    public func data(of node: Int, in data: LabeledImages) throws(DatasetError) -> LabeledImages {
        guard nodeIndices.indices.contains(node) else {
            throw DatasetError(.invalidArgument, "node \(node) is outside 0..<\(nodeCount)")
        }
        return try data.subset(indices: nodeIndices[node])
    }
}
