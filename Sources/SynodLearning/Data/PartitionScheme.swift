/// How a data set is split among N nodes. Exact definitions are in ``Partitioner`` and
/// `docs/data.md`.
public enum PartitionScheme: Sendable, Hashable, CustomStringConvertible {
    /// Independent and identically distributed: a seeded shuffle dealt into N near-equal parts.
    case iid
    /// The SPDL reference split (`isSPDL/SPDL: mnist_parser.slice_for_tm`): node k holds only class
    /// k mod C. With N < C, classes N…C−1 are not used; with N > C, the nodes sharing a class split
    /// its samples into contiguous near-equal blocks.
    case oneClassPerNode
    /// The FedAvg pathological non-IID split (McMahan et al., AISTATS 2017, §3): sort by label,
    /// cut into N·k shards, give each node k random shards.
    case shards(perNode: Int)
    /// Per-class proportions drawn from Dirichlet(α·1_N) (Hsu, Qi & Brown 2019, §3): small α gives
    /// very skewed nodes, large α approaches IID.
    case dirichlet(alpha: Double)

    /// Parses `iid`, `one-class` (also `one-class-per-node`, `spdl`), `shards:K`, `dirichlet:ALPHA`.
    public init?(argument: String) {
        let parts = argument.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count) {
        case ("iid", 1): self = .iid
        case ("one-class", 1), ("one-class-per-node", 1), ("spdl", 1): self = .oneClassPerNode
        case ("shards", 2):
            guard let k = Int(parts[1]), k >= 1 else { return nil }
            self = .shards(perNode: k)
        case ("dirichlet", 2):
            guard let alpha = Double(parts[1]), alpha > 0, alpha.isFinite else { return nil }
            self = .dirichlet(alpha: alpha)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .iid: "iid"
        case .oneClassPerNode: "one-class"
        case .shards(let k): "shards:\(k)"
        case .dirichlet(let alpha): "dirichlet:\(alpha)"
        }
    }
}
