/// Who submitted a problem to the pool: a fresh independent user, or a miner acting as a submitter
/// too (the attack of §IV.B: nodes and users are anonymous, so one player can be both).
public enum ProblemSubmitter: Sendable, Hashable, Codable {
    /// A user that is not a miner (the notebook's fresh `Submitter()` of problem `problem`).
    case independent(problem: Int)
    /// Miner `index`, submitting as well as mining.
    case miner(Int)
}
