/// Refused PoUW transactions counted by kind: a plain value a replica keeps beside its state (the
/// node exports it as metrics; the rule book imports none).
public struct PoUWRefusalCounts: Hashable, Sendable {
    /// Refusals by code.
    public private(set) var counts: [PoUWError.Code: Int] = [:]

    /// No refusals.
    public init() {}

    /// Counts one refusal.
    public mutating func record(_ error: PoUWError) { counts[error.code, default: 0] += 1 }

    /// Refusals of `code`.
    public subscript(code: PoUWError.Code) -> Int { counts[code] ?? 0 }

    /// All refusals.
    public var total: Int { counts.values.reduce(0, +) }
}

/// A replica's view of the competition: the state its ledger committed to, and the refusals it
/// counted while validating transactions and blocks.
public struct PoUWReplicaView: Hashable, Sendable {
    /// The competition state.
    public private(set) var state: PoUWCompetitionState
    /// The refusals so far.
    public private(set) var refusals = PoUWRefusalCounts()

    /// A view starting from `state`.
    public init(state: PoUWCompetitionState) { self.state = state }

    /// Applies `transaction` at `height`; a refusal is counted and returned, and the state is
    /// unchanged.
    @discardableResult
    public mutating func submit(_ transaction: PoUWTransaction, height: UInt64) -> PoUWError? {
        do {
            try state.apply(transaction, height: height)
            return nil
        } catch {
            refusals.record(error)
            return error
        }
    }
}
