/// The two priority lanes of a connection. Consensus frames always go before bulk frames, and bulk
/// messages are cut into chunks, so a model or gradient transfer of tens of MB never holds up a vote.
public enum Lane: UInt8, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Small, latency-critical protocol messages (votes, proposals' headers, timeouts).
    case consensus = 0
    /// Large payloads (gradients, model vectors, state transfer).
    case bulk = 1

    /// Consensus before bulk.
    public static func < (lhs: Lane, rhs: Lane) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `consensus` or `bulk`.
    public var description: String { self == .consensus ? "consensus" : "bulk" }
}
