/// A certified candidate whose block failed a check (§IV.C step 3f), reported to the submitter.
public struct Rejection: Sendable, Hashable, Codable {
    /// The miner whose block was refused.
    public var miner: Int
    /// The check it failed.
    public var misconduct: Misconduct

    /// Creates a rejection.
    public init(miner: Int, misconduct: Misconduct) {
        self.miner = miner
        self.misconduct = misconduct
    }
}
