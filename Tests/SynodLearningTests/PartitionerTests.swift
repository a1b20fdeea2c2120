import SynodCore
import Testing

@testable import SynodLearning

@Suite struct PartitionerTests {
    /// 1,000 samples, 10 classes, class sizes 55…145 (unbalanced), labels interleaved by a fixed pattern.
    static let labels: [Int32] = {
        var labels: [Int32] = []
        for c in 0..<10 { labels += [Int32](repeating: Int32(c), count: 55 + 10 * c) }
        var rng = SeededRandom(seed: 5)
        rng.shuffle(&labels)
        return labels
    }()

    func check(_ partition: Partition, coversAll: Bool) {
        let all = partition.nodeIndices.flatMap { $0 }
        #expect(Set(all).count == all.count, "a sample was assigned twice")
        #expect(all.allSatisfy { $0 >= 0 && $0 < Self.labels.count })
        if coversAll { #expect(all.count == Self.labels.count) }
        for node in partition.nodeIndices { #expect(node == node.sorted()) }
    }

    func split(_ scheme: PartitionScheme, nodes: Int, seed: UInt64 = 7) throws -> Partition {
        try Partitioner.partition(labels: Self.labels, classCount: 10, nodeCount: nodes, scheme: scheme, seed: seed)
    }

    @Test func iidIsBalancedAndCoversEverything() throws {
        let p = try split(.iid, nodes: 7)
        check(p, coversAll: true)
        #expect(p.nodeSizes.max()! - p.nodeSizes.min()! <= 1)
        // Every node sees every class roughly in proportion (≥ 25 % of its expected share).
        for histogram in p.classHistograms(labels: Self.labels, classCount: 10) {
            for c in 0..<10 { #expect(Double(histogram[c]) > 0.25 * Double(55 + 10 * c) / 7) }
        }
        #expect(try split(.iid, nodes: 7) == p)
        #expect(try split(.iid, nodes: 7, seed: 8) != p)
    }

    @Test func oneClassPerNodeWithFourNodesIsTheSPDLSplit() throws {
        let p = try split(.oneClassPerNode, nodes: 4)
        check(p, coversAll: false)
        let histograms = p.classHistograms(labels: Self.labels, classCount: 10)
        for k in 0..<4 {
            var expected = [Int](repeating: 0, count: 10)
            expected[k] = 55 + 10 * k  // all samples of class k, nothing else
            #expect(histograms[k] == expected)
        }
        #expect(p.assignedCount == 55 + 65 + 75 + 85)
        // SPDL trains on the first 80 % of each node's file.
        let cut = try p.keepingFirst(fraction: 0.8)
        #expect(cut.nodeSizes == [44, 52, 60, 68])
        #expect(zip(cut.nodeIndices, p.nodeIndices).allSatisfy { Array($1.prefix($0.count)) == $0 })
        #expect(throws: DatasetError(.invalidArgument, "")) { try p.keepingFirst(fraction: 1.5) }
    }

    @Test func oneClassPerNodeWithMoreNodesThanClassesSharesClasses() throws {
        let p = try split(.oneClassPerNode, nodes: 23)
        check(p, coversAll: true)
        let histograms = p.classHistograms(labels: Self.labels, classCount: 10)
        for k in 0..<23 {
            #expect(histograms[k].enumerated().allSatisfy { $0.offset == k % 10 || $0.element == 0 })
        }
        // Class 0 (55 samples) is shared by nodes 0, 10, 20: 18, 18, 19, in dataset order.
        #expect([p.nodeSizes[0], p.nodeSizes[10], p.nodeSizes[20]] == [18, 18, 19])
        #expect(p.nodeIndices[0].last! < p.nodeIndices[10].first!)
        #expect(try split(.oneClassPerNode, nodes: 23, seed: 99) == p)  // no randomness
    }

    @Test func shardsFollowFedAvg() throws {
        let p = try split(.shards(perNode: 2), nodes: 20)
        check(p, coversAll: true)
        #expect(p.nodeSizes.allSatisfy { $0 == 50 })
        // Each shard (25 samples of the label-sorted order) spans at most 2 classes, so a node with
        // 2 shards sees at most 4 classes.
        for histogram in p.classHistograms(labels: Self.labels, classCount: 10) {
            #expect(histogram.filter { $0 > 0 }.count <= 4)
        }
        #expect(try split(.shards(perNode: 2), nodes: 20) == p)
        #expect(try split(.shards(perNode: 2), nodes: 20, seed: 1) != p)
    }

    @Test func dirichletSkewDependsOnAlpha() throws {
        let skewed = try split(.dirichlet(alpha: 0.05), nodes: 10)
        let flat = try split(.dirichlet(alpha: 1000), nodes: 10)
        check(skewed, coversAll: true)
        check(flat, coversAll: true)
        // Per class, the share of its samples held by the node with most of them: E[max pᵢ] for
        // p ~ Dir(α·1₁₀) is ≈ 0.85 for α = 0.05 and ≈ 0.1 + O(1/√(α)) for α = 1000.
        func meanLargestShare(_ p: Partition) -> Double {
            let hs = p.classHistograms(labels: Self.labels, classCount: 10)
            let shares = (0..<10).map { c in
                Double(hs.map { $0[c] }.max()!) / Double(hs.map { $0[c] }.reduce(0, +))
            }
            return shares.reduce(0, +) / 10
        }
        #expect(meanLargestShare(skewed) > 0.7)
        #expect(meanLargestShare(flat) < 0.2)
        #expect(flat.nodeSizes.allSatisfy { abs($0 - 100) < 30 })
        #expect(try split(.dirichlet(alpha: 0.05), nodes: 10) == skewed)
    }

    @Test func invalidAndUnsatisfiableRequests() {
        #expect(throws: DatasetError(.invalidArgument, "")) { try split(.iid, nodes: 0) }
        #expect(throws: DatasetError(.invalidArgument, "")) { try split(.dirichlet(alpha: 0), nodes: 3) }
        #expect(throws: DatasetError(.invalidArgument, "")) { try split(.shards(perNode: 0), nodes: 3) }
        #expect(throws: DatasetError(.unsatisfiable, "")) { try split(.iid, nodes: 1001) }
        #expect(throws: DatasetError(.unsatisfiable, "")) { try split(.shards(perNode: 2), nodes: 501) }
        #expect(throws: DatasetError(.invalidArgument, "")) {
            try Partitioner.partition(labels: [0, 3], classCount: 3, nodeCount: 1, scheme: .iid, seed: 0)
        }
    }

    @Test func dataslicesCoverInOrder() throws {
        #expect(try Partitioner.dataslices(sampleCount: 10, size: 4) == [0..<4, 4..<8, 8..<10])
        #expect(try Partitioner.dataslices(sampleCount: 8, size: 4) == [0..<4, 4..<8])
        #expect(try Partitioner.dataslices(sampleCount: 0, size: 4) == [])
        #expect(throws: DatasetError(.invalidArgument, "")) { try Partitioner.dataslices(sampleCount: 5, size: 0) }
    }

    @Test func schemesParseFromArguments() {
        #expect(PartitionScheme(argument: "iid") == .iid)
        #expect(PartitionScheme(argument: "one-class") == .oneClassPerNode)
        #expect(PartitionScheme(argument: "shards:2") == .shards(perNode: 2))
        #expect(PartitionScheme(argument: "dirichlet:0.5") == .dirichlet(alpha: 0.5))
        #expect(PartitionScheme(argument: "dirichlet:-1") == nil)
        #expect(PartitionScheme(argument: "shards") == nil)
        #expect(PartitionScheme(argument: "bogus") == nil)
    }
}
