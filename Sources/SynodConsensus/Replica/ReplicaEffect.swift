import SynodCore

/// An output of ``PBFTReplica``. The driver performs a step's effects **in order**: every
/// `.persist` must be durable (fsync) before any later `.send`/`.broadcast` of the same step is
/// performed (persist-before-send; etcd/raft README, SmartBFT `view.go`).
public enum ReplicaEffect<Proposal: ConsensusProposal>: Sendable {
    /// Append a record to the write-ahead log and make it durable.
    case persist(WALRecord<Proposal>)
    /// Send a message to one replica.
    case send(ConsensusMessage<Proposal>, to: Int)
    /// Send a message to every other replica.
    case broadcast(ConsensusMessage<Proposal>)
    /// A block was decided and finalized by the application; its `.decided` record comes earlier
    /// in the same step. The driver takes the finalized result (`PBFTReplica.takeFinalized(height:)`)
    /// and persists it (a driver that keeps nothing still takes it, so results do not accumulate).
    case decide(DecidedBlock<Proposal>)
    /// Call ``PBFTReplica/tick(now:)`` no later than this time.
    case setTimer(at: UInt64)
    /// Proof that a replica signed two conflicting messages, for the application to punish.
    case evidence(Evidence<Proposal>)
    /// A checkpoint became stable: log records of heights ≤ this one may be discarded.
    case compactLog(throughHeight: UInt64)
}

/// Two conflicting messages signed by one replica.
public enum Evidence<Proposal: ConsensusProposal>: Hashable, Sendable {
    /// Two votes of one phase, view and height for different blocks.
    case conflictingVotes(SignedVote, SignedVote)
    /// Two PRE-PREPAREs of one view and height for different proposals.
    case conflictingPrePrepares(Envelope<PrePrepare<Proposal>>, Envelope<PrePrepare<Proposal>>)

    /// The offending replica's public key or index, as recorded in the messages.
    public func offender(in configuration: ConsensusConfiguration) -> Int? {
        switch self {
        case .conflictingVotes(let a, _): configuration.indexOf[a.voter]
        case .conflictingPrePrepares(let a, _): Int(a.signer)
        }
    }

    /// Checks that the evidence is self-consistent: both signatures valid, same signer, same
    /// slot, different content.
    public func isValid(configuration: ConsensusConfiguration, scheme: any SignatureScheme) -> Bool {
        switch self {
        case .conflictingVotes(let a, let b):
            return a.voter == b.voter && a.vote.phase == b.vote.phase && a.vote.view == b.vote.view
                && a.vote.height == b.vote.height && a.vote.blockHash != b.vote.blockHash
                && scheme.verify(a.signature, payload: a.vote.canonicalBytes, domain: .consensusVote, signer: a.voter)
                && scheme.verify(b.signature, payload: b.vote.canonicalBytes, domain: .consensusVote, signer: b.voter)
        case .conflictingPrePrepares(let a, let b):
            guard a.signer == b.signer, Int(a.signer) < configuration.memberCount, a.body.view == b.body.view,
                a.body.height == b.body.height, a.body.digest != b.body.digest
            else { return false }
            let key = configuration.members[Int(a.signer)]
            return a.isValid(key: key, scheme: scheme, domain: .consensusPrePrepare)
                && b.isValid(key: key, scheme: scheme, domain: .consensusPrePrepare)
        }
    }
}
