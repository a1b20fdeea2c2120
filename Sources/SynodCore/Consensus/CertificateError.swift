/// Why a ``QuorumCertificate`` failed verification.
public struct CertificateError: SynodError {
    /// The failure's code.
    public enum Code: String, Hashable, Sendable {
        /// The certificate has no votes.
        case empty
        /// The votes are for another phase, height or block than the one expected.
        case wrongSubject
        /// The votes disagree on phase, view, height or block.
        case mixedVotes
        /// A vote is signed by a key outside the member set.
        case notAMember
        /// A member voted more than once.
        case duplicateVoter
        /// A vote's signature does not verify.
        case badSignature
        /// Fewer distinct valid votes than the quorum.
        case insufficientVotes
    }

    /// The code; equality compares only this.
    public let code: Code
    /// What exactly failed.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
