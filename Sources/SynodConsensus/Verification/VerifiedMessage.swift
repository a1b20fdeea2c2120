/// A message whose signatures, certificates and stateless rules ``MessageVerifier`` checked.
/// Only the verifier creates these, so the core never sees an unchecked message.
public struct VerifiedMessage<Proposal: ConsensusProposal>: Sendable {
    /// The message.
    public let message: ConsensusMessage<Proposal>
    /// The authenticated sender (replica index).
    public let sender: Int

    init(message: ConsensusMessage<Proposal>, sender: Int) {
        self.message = message
        self.sender = sender
    }
}

/// Why the verifier rejected a message.
public struct VerificationFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let reason: String
    /// Creates a failure.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
