import SynodCore

extension SigningDomain {
    /// A PoQI PRE-PREPARE ⟨a_p, ŷ_p, v_p, r_p⟩.
    public static let poqiPrePrepare = SigningDomain("poqi/pre-prepare")
    /// A PoQI verdict (the VIEW-CHANGE vote ⟨a_j, v_j+1, vo_j, r_j⟩, sent for agreement too).
    public static let poqiVerdict = SigningDomain("poqi/verdict")
    /// A PoQI proposal (PREPARE ⟨a_p, ŷ_p, ŷ_final, v_p, r_p⟩ with its certified verdicts).
    public static let poqiProposal = SigningDomain("poqi/proposal")
}
