import SynodCore

/// A PoQI protocol message.
public enum PoQIMessage: Sendable, Hashable {
    /// PRE-PREPARE from the primary.
    case prePrepare(Signed<PoQIPrePrepare>)
    /// A validator's verdict (VIEW-CHANGE vote or agreement) to the primary.
    case verdict(Signed<PoQIVerdict>)
    /// The primary's proposal with its certified verdicts.
    case proposal(Signed<PoQIProposal>)
    /// A signed PREPARE or COMMIT on a proposal's hash.
    case vote(SignedVote)
}
