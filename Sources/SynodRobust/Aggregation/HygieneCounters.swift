/// Counts of peer vectors checked by ``InputHygiene``, for metrics and experiment reports.
public struct HygieneCounters: Sendable, Hashable, Codable {
    /// Vectors checked.
    public var checked = 0
    /// Vectors accepted.
    public var accepted = 0
    /// Vectors rejected for holding NaN or ±∞.
    public var nonFinite = 0
    /// Vectors rejected for having the wrong dimension.
    public var wrongDimension = 0

    /// Creates zeroed counters.
    public init() {}

    /// Vectors rejected for any reason.
    public var rejected: Int { nonFinite + wrongDimension }
}
