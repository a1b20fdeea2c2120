/// Leader election of PoQI's view change (paper §III-1, eq. 1).
public enum PrimaryElection {
    /// The primary of view `v` among `nodeCount` nodes: a_p = v mod N (eq. 1), nodes indexed
    /// 0..<N in the committee's order (sorted by NodeID in a deployment).
    public static func primary(view: UInt64, nodeCount: Int) -> Int {
        guard nodeCount > 0 else { return 0 }
        return Int(view % UInt64(nodeCount))
    }
}
