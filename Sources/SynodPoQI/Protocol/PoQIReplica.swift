import SynodCore

/// One PoQI node as a sans-IO state machine (paper §III with certified votes, see
/// `docs/poqi.md`): it takes messages, timeouts and view changes and returns effects; it never
/// touches a socket or a clock.
///
/// Per attempt (height h, view v, primary a_p = v mod N):
/// 1. the primary sends PRE-PREPARE ⟨a_p, ŷ_p, v_p, r_p⟩ with its softmax vector;
/// 2. each validator answers the primary with a signed verdict ⟨a_j, v, vo_j, r_j⟩ and its vector
///    (the paper's VIEW-CHANGE when vo_j = 1);
/// 3. with all N − 1 verdicts (or ≥ quorum − 1 at a timeout) the primary proposes the outcome,
///    carrying the signed pre-prepare and the certified verdicts;
/// 4. nodes that find the outcome follows from the evidence (``PoQIProposalCheck``) broadcast a
///    signed PREPARE; a quorum of PREPAREs leads to COMMIT; a quorum of COMMITs decides the block,
///    which every node applies to its ``PoQIState`` (eq. 4 rewards, the view change on rejection,
///    conflict resolution).
public struct PoQIReplica: Sendable {
    /// How the node behaves.
    public enum Behavior: Sendable, Hashable {
        /// Follows the protocol with its model's predictions.
        case honest
        /// Sends random predictions (possibly per receiver) in pre-prepares and verdicts; takes
        /// part in PREPARE/COMMIT without checking proposals.
        case faulty(ByzantinePrediction)
    }

    /// What the node asks its environment to do.
    public enum Effect: Sendable {
        /// Send a message to one node.
        case send(PoQIMessage, to: Int)
        /// Send a message to every node, itself included.
        case broadcast(PoQIMessage)
        /// A block was decided, with the sample decisions it made.
        case decided(PoQIBlock, [SampleDecision])
    }

    /// This node's index in the committee.
    public let index: Int
    /// The committee's public keys in node order.
    public let committee: [PublicKey]
    /// The behaviour.
    public let behavior: Behavior
    private let key: SigningKey
    private let members: Set<PublicKey>
    private let predictions: [[Float]]
    private let classCount: Int
    private let keepBlocks: Bool
    private var rng: SeededRandom

    /// The committed application state.
    public private(set) var state: PoQIState
    /// The current view.
    public private(set) var view: UInt64
    /// Hash of the last decided block (`.zero` before the first).
    public private(set) var headHash: Digest = .zero
    /// The decided blocks (kept only when `keepBlocks`).
    public private(set) var blocks: [PoQIBlock] = []
    /// Decided block count.
    public var height: UInt64 { UInt64(state.attemptCount) }

    private var prePrepares: [(digest: Digest, signed: Signed<PoQIPrePrepare>)] = []
    private var verdicts: [Signed<PoQIVerdict>] = []
    private var verdictSent = false
    private var proposed = false
    private var proposal: Signed<PoQIProposal>?
    private var proposalHash: Digest?
    private var proposalAttempt: PoQIAttempt?
    private var prepareSent = false
    private var commitSent = false
    private var prepares: [(hash: Digest, vote: SignedVote)] = []
    private var commits: [(hash: Digest, vote: SignedVote)] = []
    private var future: [(message: PoQIMessage, from: Int)] = []

    /// Creates a node. `predictions[s]` is its model's softmax vector for sample `s`.
    public init(
        index: Int, key: SigningKey, committee: [PublicKey], predictions: [[Float]], classCount: Int,
        parameters: PoQIParameters, accuracies: [Double], behavior: Behavior = .honest, seed: UInt64 = 0,
        keepBlocks: Bool = false
    ) throws(PoQIError) {
        guard committee.indices.contains(index), committee[index] == key.publicKey else {
            throw PoQIError(.invalidArgument, "node \(index)'s key is not the committee's entry \(index)")
        }
        guard Set(committee).count == committee.count else {
            throw PoQIError(.invalidArgument, "the committee has duplicate keys")
        }
        guard classCount >= 2 else { throw PoQIError(.invalidArgument, "need at least 2 classes, got \(classCount)") }
        for (s, p) in predictions.enumerated() {
            try ValidatorDecision.validate(p, classCount: classCount, what: "node \(index) sample \(s)")
        }
        self.index = index
        self.key = key
        self.committee = committee
        self.members = Set(committee)
        self.predictions = predictions
        self.classCount = classCount
        self.behavior = behavior
        self.keepBlocks = keepBlocks
        self.rng = SeededRandom(seed: seed).split("poqi.node", UInt64(index))
        self.state = try PoQIState(nodeCount: committee.count, parameters: parameters, accuracies: accuracies)
        self.view = 0
    }

    /// True once every sample has been decided or declared a conflict.
    public var isDone: Bool { state.sample >= predictions.count }

    private var n: Int { committee.count }
    private var quorum: Int { QuorumCertificate.quorum(memberCount: n) }
    private var isPrimary: Bool { PrimaryElection.primary(view: view, nodeCount: n) == index }

    /// Starts the current view: the primary sends its PRE-PREPARE.
    public mutating func start() -> [Effect] {
        guard isPrimary, !isDone, prePrepares.isEmpty else { return [] }
        let s = state.sample
        let reward = state.points[index]
        func make(_ dist: [Float]) -> Signed<PoQIPrePrepare> {
            Signed(
                PoQIPrePrepare(
                    sample: UInt64(s), view: view, primary: UInt32(index),
                    predictedClass: UInt32(ValidatorDecision.predictedClass(dist)), reward: reward, distribution: dist),
                key: key, domain: .poqiPrePrepare)
        }
        switch behavior {
        case .honest:
            let pp = make(predictions[s])
            prePrepares = [(Digest.sha256(pp.payloadBytes), pp)]
            return [.broadcast(.prePrepare(pp))]
        case .faulty(let b):
            var out: [Effect] = []
            var shared: Signed<PoQIPrePrepare>?
            for j in 0..<n where j != index {
                let pp: Signed<PoQIPrePrepare>
                if b.equivocate || shared == nil {
                    pp = make(b.draw(classCount: classCount, rng: &rng))
                    prePrepares.append((Digest.sha256(pp.payloadBytes), pp))
                    shared = pp
                } else {
                    pp = shared!
                }
                out.append(.send(.prePrepare(pp), to: j))
            }
            return out
        }
    }

    /// Handles one message from node `from`. Messages for a later sample, height or view are
    /// kept and replayed when the node gets there; stale or invalid ones are dropped.
    public mutating func receive(_ message: PoQIMessage, from: Int, cache: inout SignatureCache) -> [Effect] {
        guard committee.indices.contains(from) else { return [] }
        switch relation(of: message) {
        case .stale: return []
        case .future:
            future.append((message, from))
            return []
        case .current: break
        }
        switch message {
        case .prePrepare(let pp): return onPrePrepare(pp, from: from, cache: &cache)
        case .verdict(let v): return onVerdict(v, cache: &cache)
        case .proposal(let p): return onProposal(p, cache: &cache)
        case .vote(let v): return onVote(v, cache: &cache)
        }
    }

    /// The first timeout of a view: a primary holding at least quorum − 1 verdicts proposes with
    /// what it has (a faulty primary, the largest set on one of its pre-prepares).
    public mutating func timeout(cache: inout SignatureCache) -> [Effect] {
        guard isPrimary, !proposed, !isDone else { return [] }
        return propose(force: true)
    }

    /// The view change after a view produced no decision (a liveness event: no quality points
    /// change): move to view + 1 and start it.
    public mutating func changeView(cache: inout SignatureCache) -> [Effect] {
        view += 1
        state.skip(to: view)
        resetRound()
        return start() + replayFuture(cache: &cache)
    }

    /// Ends the stream: pending conflict samples are decided by the Most-Honest rule.
    @discardableResult
    public mutating func finish() -> [SampleDecision] { state.finish() }

    private enum Relation { case stale, current, future }

    private func relation(of message: PoQIMessage) -> Relation {
        let (height, sample, v): (UInt64?, UInt64?, UInt64) =
            switch message {
            case .prePrepare(let pp): (nil, pp.payload.sample, pp.payload.view)
            case .verdict(let sv): (nil, sv.payload.sample, sv.payload.view)
            case .proposal(let sp): (sp.payload.height, nil, sp.payload.prePrepare.payload.view)
            case .vote(let sv): (sv.vote.height, nil, sv.vote.view)
            }
        let mySample = UInt64(state.sample)
        if let sample {
            if sample < mySample || (sample == mySample && v < view) { return .stale }
            if sample > mySample || v > view { return .future }
        }
        if let height {
            if height < self.height || (height == self.height && v < view) { return .stale }
            if height > self.height || v > view { return .future }
        }
        return .current
    }

    private mutating func onPrePrepare(_ pp: Signed<PoQIPrePrepare>, from: Int, cache: inout SignatureCache) -> [Effect]
    {
        let primary = PrimaryElection.primary(view: view, nodeCount: n)
        guard from == primary, primary != index, !verdictSent, !isDone else { return [] }
        let pre = pp.payload
        guard pp.signer == committee[primary], pre.primary == UInt32(primary),
            cache.isValid(pp, domain: .poqiPrePrepare)
        else { return [] }
        guard (try? ValidatorDecision.validate(pre.distribution, classCount: classCount, what: "pre-prepare")) != nil,
            Int(pre.predictedClass) == ValidatorDecision.predictedClass(pre.distribution)
        else { return [] }
        verdictSent = true
        let digest = Digest.sha256(pp.payloadBytes)
        func make(_ dist: [Float]) -> Signed<PoQIVerdict> {
            let own = ValidatorDecision.predictedClass(dist)
            return Signed(
                PoQIVerdict(
                    sample: pre.sample, view: view, primary: UInt32(primary), prePrepareDigest: digest,
                    voter: UInt32(index),
                    disagrees: ValidatorDecision.disagrees(ownClass: own, primaryClass: Int(pre.predictedClass)),
                    reward: state.points[index], distribution: dist),
                key: key, domain: .poqiVerdict)
        }
        switch behavior {
        case .honest:
            return [.send(.verdict(make(predictions[state.sample])), to: primary)]
        case .faulty(let b):
            // The paper's validators multicast VIEW-CHANGE: a faulty one sends each node its own draw.
            var out: [Effect] = []
            let shared = make(b.draw(classCount: classCount, rng: &rng))
            for j in 0..<n where j != index {
                out.append(
                    .send(.verdict(b.equivocate ? make(b.draw(classCount: classCount, rng: &rng)) : shared), to: j))
            }
            return out
        }
    }

    private mutating func onVerdict(_ sv: Signed<PoQIVerdict>, cache: inout SignatureCache) -> [Effect] {
        guard isPrimary, !proposed else { return [] }
        let v = sv.payload
        let voter = Int(v.voter)
        guard voter < n, voter != index, v.primary == UInt32(index),
            !verdicts.contains(where: { $0.payload.voter == v.voter }),
            let pp = prePrepares.first(where: { $0.digest == v.prePrepareDigest }),
            sv.signer == committee[voter], cache.isValid(sv, domain: .poqiVerdict),
            (try? ValidatorDecision.validate(v.distribution, classCount: classCount, what: "verdict")) != nil,
            v.disagrees
                == ValidatorDecision.disagrees(
                    ownClass: ValidatorDecision.predictedClass(v.distribution),
                    primaryClass: Int(pp.signed.payload.predictedClass))
        else { return [] }
        verdicts.append(sv)
        if case .honest = behavior, verdicts.count == n - 1 { return propose(force: false) }
        return []
    }

    private mutating func propose(force: Bool) -> [Effect] {
        // The pre-prepare with the most verdicts (one for an honest primary), ties by digest.
        var best: (digest: Digest, signed: Signed<PoQIPrePrepare>, votes: [Signed<PoQIVerdict>])?
        for pp in prePrepares.sorted(by: { $0.digest < $1.digest }) {
            let votes = verdicts.filter { $0.payload.prePrepareDigest == pp.digest }
            if best == nil || votes.count > best!.votes.count { best = (pp.digest, pp.signed, votes) }
        }
        guard let best, best.votes.count >= quorum - 1 else { return [] }
        proposed = true
        let ordered = best.votes.sorted { $0.payload.voter < $1.payload.voter }
        let attempt = PoQIAttempt.compute(
            sample: state.sample, view: view,
            primary: NodePrediction(node: index, distribution: best.signed.payload.distribution),
            validators: ordered.map {
                NodePrediction(node: Int($0.payload.voter), distribution: $0.payload.distribution)
            },
            accuracies: state.accuracies, parameters: state.parameters)
        let p = PoQIProposal(
            height: height, previousHash: headHash, prePrepare: best.signed, verdicts: ordered,
            accepted: attempt.accepted,
            finalClass: UInt32(attempt.finalClass), finalDistribution: attempt.finalDistribution)
        return [.broadcast(.proposal(Signed(p, key: key, domain: .poqiProposal)))]
    }

    private mutating func onProposal(_ sp: Signed<PoQIProposal>, cache: inout SignatureCache) -> [Effect] {
        guard proposal == nil else { return [] }
        if case .honest = behavior {
            guard
                let attempt = try? PoQIProposalCheck.validate(
                    sp, state: state, committee: committee, view: view, headHash: headHash, height: height,
                    classCount: classCount, cache: &cache)
            else { return [] }
            proposalAttempt = attempt
        } else {
            guard sp.signer == committee[PrimaryElection.primary(view: view, nodeCount: n)] else { return [] }
        }
        proposal = sp
        let hash = Digest.sha256(sp.payloadBytes)
        proposalHash = hash
        prepareSent = true
        let vote = ConsensusVote(phase: .prepare, view: view, height: height, blockHash: hash).signed(by: key)
        return [.broadcast(.vote(vote))] + checkQuorums(cache: &cache)
    }

    private mutating func onVote(_ sv: SignedVote, cache: inout SignatureCache) -> [Effect] {
        guard members.contains(sv.voter), cache.isValid(sv) else { return [] }
        let hash = sv.vote.blockHash
        switch sv.vote.phase {
        case .prepare:
            guard !prepares.contains(where: { $0.vote.voter == sv.voter }) else { return [] }
            prepares.append((hash, sv))
        case .commit:
            guard !commits.contains(where: { $0.vote.voter == sv.voter }) else { return [] }
            commits.append((hash, sv))
        }
        return checkQuorums(cache: &cache)
    }

    private mutating func checkQuorums(cache: inout SignatureCache) -> [Effect] {
        guard let hash = proposalHash, let sp = proposal else { return [] }
        var out: [Effect] = []
        if !commitSent, prepares.filter({ $0.hash == hash }).count >= quorum {
            commitSent = true
            out.append(
                .broadcast(
                    .vote(ConsensusVote(phase: .commit, view: view, height: height, blockHash: hash).signed(by: key))))
        }
        let matching = commits.filter { $0.hash == hash }.map(\.vote)
        guard commitSent, matching.count >= quorum else { return out }
        // Decide. An honest node checked the proposal when it arrived; a faulty one checks it now.
        let attempt: PoQIAttempt
        if let checked = proposalAttempt {
            attempt = checked
        } else {
            do {
                attempt = try PoQIProposalCheck.validate(
                    sp, state: state, committee: committee, view: view, headHash: headHash, height: height,
                    classCount: classCount, cache: &cache)
            } catch {
                return out  // only a faulty node can get here (it prepared without checking)
            }
        }
        let certificate = QuorumCertificate(votes: matching.sorted { $0.voter < $1.voter })
        let block = PoQIBlock(proposal: sp, commitCertificate: certificate)
        let made: [SampleDecision]
        do {
            made = try state.apply(attempt)
        } catch {
            return out
        }
        headHash = block.hash
        if keepBlocks { blocks.append(block) }
        view = max(view, state.view)
        resetRound()
        out.append(.decided(block, made))
        out += start()
        return out
    }

    private mutating func resetRound() {
        prePrepares = []
        verdicts = []
        verdictSent = false
        proposed = false
        proposal = nil
        proposalHash = nil
        proposalAttempt = nil
        prepareSent = false
        commitSent = false
        prepares = []
        commits = []
    }

    private mutating func replayFuture(cache: inout SignatureCache) -> [Effect] {
        let pending = future
        future = []
        var out: [Effect] = []
        for (m, from) in pending { out += receive(m, from: from, cache: &cache) }
        return out
    }

    /// Replays buffered messages that became current (call after a decision).
    public mutating func drainFuture(cache: inout SignatureCache) -> [Effect] { replayFuture(cache: &cache) }
}
