import SynodCore

extension SigningDomain {
    /// A problem submission, signed by its submitter.
    public static let pouwProblem = SigningDomain("pouw/problem")
    /// A miner's model commitment.
    public static let pouwCommit = SigningDomain("pouw/commit")
    /// The submitter's reveal of X_test.
    public static let pouwTestReveal = SigningDomain("pouw/reveal-test")
    /// A miner's predictions Ŷ.
    public static let pouwPredictions = SigningDomain("pouw/predictions")
    /// The submitter's reveal of Y_test and the salt.
    public static let pouwLabelReveal = SigningDomain("pouw/reveal-labels")
    /// The submitter's winner certificate (§IV.C step 3b).
    public static let pouwCertificate = SigningDomain("pouw/certificate")
    /// The winner's publication of its certificate and model (§IV.C step 3d).
    public static let pouwPublication = SigningDomain("pouw/publication")
    /// The hash domain of model commitments (not a signature: the prefix of the hashed bytes).
    public static let pouwModelCommitment = SigningDomain("pouw/model-commitment")
    /// The hash domain of test-set commitments.
    public static let pouwTestCommitment = SigningDomain("pouw/test-commitment")
}
