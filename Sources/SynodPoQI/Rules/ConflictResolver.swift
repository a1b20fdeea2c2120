/// Conflict decision agreement (paper §III-3): the Group-of-Experts rule (eq. 6), else the
/// Most-Honest rule.
public enum ConflictResolver {
    /// A group of experts: nodes that predicted the same class for the conflict sample.
    public struct Group: Sendable, Hashable, Codable {
        /// The class the group proposes.
        public var predictedClass: Int
        /// Members in descending quality points (ties: lower index first).
        public var members: [Int]
        /// r_g: the members' combined quality points.
        public var points: Double
    }

    /// Which rule decided a conflict sample.
    public enum Rule: String, Sendable, Hashable, Codable {
        /// Eq. 6: the next sample's primary, whose group holds more than the threshold.
        case groupOfExperts
        /// The node with the most quality points.
        case mostHonest
    }

    /// The outcome for one conflict sample.
    public struct Resolution: Sendable, Hashable, Codable {
        /// The node whose prediction decides.
        public var decider: Int
        /// The rule applied.
        public var rule: Rule
        /// The decider's group share r_g / Σ r_i under the Group-of-Experts test (0 if not tested).
        public var share: Double
        /// The decided class.
        public var decidedClass: Int
    }

    /// Groups the nodes by prediction (§III-3): visit nodes in descending quality points (ties:
    /// lower index first); each unvisited node forms a group with every node predicting its class.
    public static func groups(predictions: [NodePrediction], points: QualityPoints) -> [Group] {
        let order = predictions.sorted { a, b in
            let pa = points.values.indices.contains(a.node) ? points[a.node] : 0
            let pb = points.values.indices.contains(b.node) ? points[b.node] : 0
            return pa != pb ? pa > pb : a.node < b.node
        }
        var visited = Set<Int>()
        var result: [Group] = []
        for p in order where !visited.contains(p.node) {
            let cls = p.predictedClass
            let members = order.filter { $0.predictedClass == cls && !visited.contains($0.node) }.map(\.node)
            for m in members { visited.insert(m) }
            let r = members.reduce(0.0) { $0 + (points.values.indices.contains($1) ? points[$1] : 0) }
            result.append(Group(predictedClass: cls, members: members, points: r))
        }
        return result
    }

    /// Decides a conflict sample. `nextPrimary` is the primary that reached consensus on the
    /// next sample (nil at the end of the stream). If it belongs to a group whose share
    /// r_g / Σ_{i=1..N} r_i passes the threshold (eq. 6: > 0.51), it decides with its own
    /// prediction; otherwise the Most-Honest node among those with a prediction decides (ties:
    /// lowest index). `predictions` must hold at least one entry.
    public static func resolve(
        predictions: [NodePrediction], nextPrimary: Int?, points: QualityPoints, parameters: PoQIParameters
    ) -> Resolution {
        let total = points.total
        if let p = nextPrimary, let mine = predictions.first(where: { $0.node == p }) {
            let group = groups(predictions: predictions, points: points).first { $0.members.contains(p) }
            let share = total > 0 ? (group?.points ?? 0) / total : 0
            if parameters.groupComparison.passes(share, parameters.groupThreshold) {
                return Resolution(decider: p, rule: .groupOfExperts, share: share, decidedClass: mine.predictedClass)
            }
            let honest = points.mostHonest(among: predictions.map(\.node))
            let cls = predictions.first { $0.node == honest }?.predictedClass ?? 0
            return Resolution(decider: honest, rule: .mostHonest, share: share, decidedClass: cls)
        }
        let honest = points.mostHonest(among: predictions.map(\.node))
        let cls = predictions.first { $0.node == honest }?.predictedClass ?? 0
        return Resolution(decider: honest, rule: .mostHonest, share: 0, decidedClass: cls)
    }
}
