/// The block a certified winner builds (§IV.C step 3d): the submitter's certificate and the model
/// {f, W}⁽ʷ⁾ with the salt that opens its commitment.
public struct CandidateBlock: Sendable, Hashable {
    /// The certificate the block carries.
    public var certificate: WinCertificate
    /// The miner that built the block.
    public var miner: Int
    /// The published model.
    public var model: LinearModel
    /// The salt of the model's commitment (empty under the legacy scheme).
    public var salt: [UInt8]

    /// Creates a block.
    public init(certificate: WinCertificate, miner: Int, model: LinearModel, salt: [UInt8]) {
        self.certificate = certificate
        self.miner = miner
        self.model = model
        self.salt = salt
    }
}
