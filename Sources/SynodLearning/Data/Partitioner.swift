import SynodCore

/// Splits a labelled data set among N nodes (the data of decentralised training).
///
/// Exact definitions (n samples, C classes, N nodes; "near-equal parts" of a list of length m
/// into P parts means part j = elements ⌊j·m/P⌋ ..< ⌊(j+1)·m/P⌋, so sizes differ by at most 1):
///
/// - ``PartitionScheme/iid``: shuffle `0..<n` with `rng.split("partition.iid")`; node j gets
///   near-equal part j. Every sample is assigned. Needs n ≥ N.
/// - ``PartitionScheme/oneClassPerNode`` (SPDL reference code, `mnist_parser.slice_for_tm`: node k
///   gets all training images of digit k): node k gets class c = k mod C. The nodes sharing class
///   c (k = c, c + C, c + 2C, …, ascending) split that class's indices (ascending dataset order)
///   into near-equal contiguous parts. With N < C, classes N…C−1 are assigned to nobody (SPDL's
///   4-node run uses digits 0–3 only). No randomness. Needs every used class to have at least as
///   many samples as nodes sharing it.
/// - ``PartitionScheme/shards(perNode:)`` (FedAvg, McMahan et al. 2017 §3: 200 shards of 300, 2
///   per client): sort indices by (label, index), cut into S = N·k near-equal shards, permute the
///   shard numbers with `rng.split("partition.shards")`, node j gets shards π[j·k ..< (j+1)·k].
///   Every sample is assigned. Needs n ≥ S.
/// - ``PartitionScheme/dirichlet(alpha:)`` (Hsu, Qi & Brown 2019, §3): for each class c, draw
///   p ~ Dir(α, …, α) (N entries) with `rng.split("partition.dirichlet", c)`, shuffle the class's
///   indices with `rng.split("partition.dirichlet.shuffle", c)`, and give node j the indices
///   ⌊P_{j}·n_c⌋ ..< ⌊P_{j+1}·n_c⌋ where P_j = p_0 + … + p_{j−1} (P_N taken as exactly 1). Every
///   sample is assigned; a node may receive no sample at all when α is small (no redraw, unlike
///   NIID-Bench's minimum-size loop; check ``Partition/nodeSizes``).
///
/// Each node's indices are returned ascending. Same seed, same inputs ⇒ same partition.
public enum Partitioner {
    /// Splits samples with the given labels among `nodeCount` nodes.
    ///
    /// - Throws: ``DatasetError`` `.invalidArgument` (N < 1, label out of range, k < 1, α ≤ 0) or
    ///   `.unsatisfiable` (too few samples for the scheme).
    public static func partition(
        labels: [Int32], classCount: Int, nodeCount: Int, scheme: PartitionScheme, seed: UInt64
    ) throws(DatasetError) -> Partition {
        guard nodeCount >= 1 else {
            throw DatasetError(.invalidArgument, "node count must be at least 1, got \(nodeCount)")
        }
        guard classCount >= 1 else {
            throw DatasetError(.invalidArgument, "class count must be at least 1, got \(classCount)")
        }
        if let i = labels.firstIndex(where: { $0 < 0 || Int($0) >= classCount }) {
            throw DatasetError(.invalidArgument, "label \(labels[i]) of sample \(i) is outside 0..<\(classCount)")
        }
        let rng = SeededRandom(seed: seed)
        let n = labels.count
        let nodes: [[Int]]
        switch scheme {
        case .iid:
            guard n >= nodeCount else {
                throw DatasetError(
                    .unsatisfiable, "IID split of \(n) samples among \(nodeCount) nodes leaves a node empty")
            }
            var order = Array(0..<n)
            var r = rng.split("partition.iid")
            r.shuffle(&order)
            nodes = nearEqualParts(order, parts: nodeCount)
        case .oneClassPerNode:
            let byClass = indicesByClass(labels, classCount: classCount)
            var result = [[Int]](repeating: [], count: nodeCount)
            for c in 0..<min(classCount, nodeCount) {
                let sharing = Array(stride(from: c, to: nodeCount, by: classCount))
                guard byClass[c].count >= sharing.count else {
                    throw DatasetError(
                        .unsatisfiable,
                        "class \(c) has \(byClass[c].count) samples for the \(sharing.count) nodes that share it")
                }
                for (part, node) in zip(nearEqualParts(byClass[c], parts: sharing.count), sharing) {
                    result[node] = part
                }
            }
            nodes = result
        case .shards(let perNode):
            guard perNode >= 1 else {
                throw DatasetError(.invalidArgument, "shards per node must be at least 1, got \(perNode)")
            }
            let (shardCount, overflow) = nodeCount.multipliedReportingOverflow(by: perNode)
            guard !overflow, n >= shardCount else {
                throw DatasetError(
                    .unsatisfiable, "\(n) samples cannot make \(nodeCount)×\(perNode) non-empty shards")
            }
            let sorted = (0..<n).sorted { (labels[$0], $0) < (labels[$1], $1) }
            let shards = nearEqualParts(sorted, parts: shardCount)
            var permutation = Array(0..<shardCount)
            var r = rng.split("partition.shards")
            r.shuffle(&permutation)
            nodes = (0..<nodeCount).map { j in
                permutation[j * perNode..<(j + 1) * perNode].flatMap { shards[$0] }
            }
        case .dirichlet(let alpha):
            guard alpha > 0, alpha.isFinite else {
                throw DatasetError(.invalidArgument, "Dirichlet α must be positive and finite, got \(alpha)")
            }
            var result = [[Int]](repeating: [], count: nodeCount)
            let byClass = indicesByClass(labels, classCount: classCount)
            for c in 0..<classCount {
                var draw = rng.split("partition.dirichlet", UInt64(c))
                let p = draw.dirichlet([Double](repeating: alpha, count: nodeCount))
                var members = byClass[c]
                var shuffler = rng.split("partition.dirichlet.shuffle", UInt64(c))
                shuffler.shuffle(&members)
                let m = members.count
                var cumulative = 0.0
                var start = 0
                for j in 0..<nodeCount {
                    cumulative += p[j]
                    let end = j == nodeCount - 1 ? m : min(m, max(start, Int((cumulative * Double(m)).rounded(.down))))
                    result[j] += members[start..<end]
                    start = end
                }
            }
            nodes = result
        }
        return Partition(scheme: scheme, nodeIndices: nodes, sampleCount: n)
    }

    /// Splits a data set among `nodeCount` nodes (see the type's documentation).
    public static func partition(
        _ data: LabeledImages, nodeCount: Int, scheme: PartitionScheme, seed: UInt64
    ) throws(DatasetError) -> Partition {
        try partition(
            labels: data.labels, classCount: data.classCount, nodeCount: nodeCount, scheme: scheme, seed: seed)
    }

    /// LEARNAE's dataslices (Nikolaidis & Refanidis, §3 "peers who have training data divide it
    /// into dataslices of a predetermined size"): consecutive index ranges of `size` samples over
    /// `0..<sampleCount`; the last slice holds the remainder (it is shorter, never empty).
    ///
    /// - Throws: ``DatasetError`` `.invalidArgument` if `size < 1` or `sampleCount < 0`.
    public static func dataslices(sampleCount: Int, size: Int) throws(DatasetError) -> [Range<Int>] {
        guard size >= 1, sampleCount >= 0 else {
            throw DatasetError(
                .invalidArgument, "dataslices need size ≥ 1 and sampleCount ≥ 0, got \(size) and \(sampleCount)")
        }
        return stride(from: 0, to: sampleCount, by: size).map { $0..<min(sampleCount, $0 + size) }
    }

    /// Part j of `parts` near-equal parts: elements ⌊j·m/P⌋ ..< ⌊(j+1)·m/P⌋.
    static func nearEqualParts(_ items: [Int], parts: Int) -> [[Int]] {
        let m = items.count
        return (0..<parts).map { j in Array(items[j * m / parts..<(j + 1) * m / parts]) }
    }

    static func indicesByClass(_ labels: [Int32], classCount: Int) -> [[Int]] {
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { byClass[Int(label)].append(i) }
        return byClass
    }
}
