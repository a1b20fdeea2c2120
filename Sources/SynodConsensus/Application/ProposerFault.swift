import SynodCore

/// A fault a replica proved against the primary of a view: the primary signed the PRE-PREPARE,
/// so the message itself is the proof (handed to
/// ``ReplicatedApplication/receiveProposerFault(_:fault:)``).
public enum ProposerFault: Hashable, Sendable {
    /// ``ReplicatedApplication/validate(_:height:)`` answered `.reject` (a definite verdict, never
    /// `.needPayloads`): validity depends only on committed state and the proposal, so every
    /// honest replica reaches the same verdict.
    case invalidProposal(String)
    /// The election proof does not verify for the signer, the view and the committed seed.
    case invalidElectionProof
}
