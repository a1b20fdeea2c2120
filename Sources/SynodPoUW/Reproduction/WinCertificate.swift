/// The submitter's certificate that `miner` won `problem` (§IV.C step 3b). In the reproduction the
/// submitter is honest and the certificate is a plain record; block check (i) compares it with the
/// round's problem, submitter and the block's miner.
public struct WinCertificate: Sendable, Hashable, Codable {
    /// The problem (round) index.
    public var problem: Int
    /// The problem's submitter, who issues the certificate.
    public var submitter: ProblemSubmitter
    /// The certified winner.
    public var miner: Int

    /// Creates a certificate.
    public init(problem: Int, submitter: ProblemSubmitter, miner: Int) {
        self.problem = problem
        self.submitter = submitter
        self.miner = miner
    }
}
