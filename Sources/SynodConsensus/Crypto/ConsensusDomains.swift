import SynodCore

/// Signing domains of the consensus messages (domain separation: a PREPARE
/// must never verify as a COMMIT, a VIEW-CHANGE never as a PRE-PREPARE). Votes use
/// ``SigningDomain/consensusVote`` from SynodCore, whose signed bytes include the phase.
extension SigningDomain {
    /// A PRE-PREPARE envelope.
    public static let consensusPrePrepare = SigningDomain("consensus/pre-prepare")
    /// A VIEW-CHANGE envelope.
    public static let consensusViewChange = SigningDomain("consensus/view-change")
    /// A NEW-VIEW envelope.
    public static let consensusNewView = SigningDomain("consensus/new-view")
    /// A CHECKPOINT envelope.
    public static let consensusCheckpoint = SigningDomain("consensus/checkpoint")
    /// A state-transfer or payload request envelope.
    public static let consensusRequest = SigningDomain("consensus/request")
}
