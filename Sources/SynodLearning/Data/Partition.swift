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

    /// The data of node `node`.
    public func data(of node: Int, in data: LabeledImages) throws(DatasetError) -> LabeledImages {
        guard nodeIndices.indices.contains(node) else {
            throw DatasetError(.invalidArgument, "node \(node) is outside 0..<\(nodeCount)")
        }
        return try data.subset(indices: nodeIndices[node])
    }
}
