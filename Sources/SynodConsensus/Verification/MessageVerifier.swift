import Dispatch
import SynodCore

/// The single validation rule for consensus messages, applied **outside** the core (and in
/// parallel with ``verifyBatch(_:)``): signatures under the scheme in force, membership, domain
/// separation, certificate structure (2f+1 distinct members, one subject) and the stateless part
/// of the NEW-VIEW rule. Stateful checks (current view and height, primary identity, chain
/// continuity) are the core's.
public struct MessageVerifier<Proposal: ConsensusProposal>: Sendable {
    /// The group.
    public let configuration: ConsensusConfiguration
    /// The signature scheme.
    public let scheme: any SignatureScheme

    /// Creates a verifier.
    public init(configuration: ConsensusConfiguration, scheme: any SignatureScheme) {
        self.configuration = configuration
        self.scheme = scheme
    }

    /// Verifies one message received from replica `sender` (the authenticated transport peer).
    public func verify(_ message: ConsensusMessage<Proposal>, from sender: Int) -> Result<
        VerifiedMessage<Proposal>, VerificationFailure
    > {
        do throws(VerificationFailure) {
            guard sender >= 0, sender < configuration.memberCount else {
                throw VerificationFailure("sender \(sender) is not a member")
            }
            try check(message, sender: sender)
            return .success(VerifiedMessage(message: message, sender: sender))
        } catch {
            return .failure(error)
        }
    }

    /// Verifies many messages concurrently (`DispatchQueue.concurrentPerform`); results are in
    /// input order, so the outcome does not depend on scheduling.
    public func verifyBatch(_ items: [(ConsensusMessage<Proposal>, Int)]) -> [Result<
        VerifiedMessage<Proposal>, VerificationFailure
    >] {
        let box = ResultBox<Proposal>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            box.set(index, verify(items[index].0, from: items[index].1))
        }
        return box.results
    }

    private func check(_ message: ConsensusMessage<Proposal>, sender: Int) throws(VerificationFailure) {
        switch message {
        case .prePrepare(let envelope):
            try checkSigner(envelope.signer, sender: sender)
            try checkPrePrepare(envelope)
        case .prepare(let vote):
            try checkVote(vote, phase: .prepare, sender: sender)
        case .commit(let vote, let ext):
            try checkVote(vote, phase: .commit, sender: sender)
            guard vote.vote.extensionDigest == VoteExtension.digest(of: ext) else {
                throw VerificationFailure("commit extension does not match the signed extension digest")
            }
        case .viewChange(let envelope):
            try checkSigner(envelope.signer, sender: sender)
            try checkViewChange(envelope)
        case .newView(let envelope):
            // NEW-VIEWs may be forwarded by any replica; the signer is checked, not the sender.
            try checkEnvelope(envelope, domain: .consensusNewView)
            try checkNewView(envelope.body, signer: envelope.signer)
        case .checkpoint(let envelope):
            try checkSigner(envelope.signer, sender: sender)
            try checkEnvelope(envelope, domain: .consensusCheckpoint)
        case .request(let envelope):
            try checkSigner(envelope.signer, sender: sender)
            try checkEnvelope(envelope, domain: .consensusRequest)
        case .blocks(let blocks):
            guard blocks.count <= configuration.syncBatch else {
                throw VerificationFailure("\(blocks.count) blocks exceed the batch of \(configuration.syncBatch)")
            }
            for (index, block) in blocks.enumerated() {
                if index > 0, block.height != blocks[index - 1].height + 1 {
                    throw VerificationFailure("blocks[\(index)]: heights are not consecutive")
                }
                try checkDecided(block, field: "blocks[\(index)]")
            }
        case .payloads(let blobs):
            guard blobs.count <= 256 else { throw VerificationFailure("too many payloads") }
        }
    }

    private func checkSigner(_ signer: UInt32, sender: Int) throws(VerificationFailure) {
        guard Int(signer) == sender else {
            throw VerificationFailure("envelope signed by \(signer) but sent by \(sender)")
        }
    }

    private func checkEnvelope<Body>(_ envelope: Envelope<Body>, domain: SigningDomain) throws(VerificationFailure) {
        guard Int(envelope.signer) < configuration.memberCount else {
            throw VerificationFailure("signer \(envelope.signer) is not a member")
        }
        guard envelope.isValid(key: configuration.members[Int(envelope.signer)], scheme: scheme, domain: domain) else {
            throw VerificationFailure("invalid \(domain) signature by \(envelope.signer)")
        }
    }

    private func checkVote(_ vote: SignedVote, phase: ConsensusVote.Phase, sender: Int) throws(VerificationFailure) {
        guard vote.vote.phase == phase else {
            throw VerificationFailure("vote phase is \(vote.vote.phase), expected \(phase)")
        }
        guard configuration.indexOf[vote.voter] == sender else {
            throw VerificationFailure("vote by \(vote.voter) relayed by \(sender)")
        }
        guard vote.vote.height >= 1 else { throw VerificationFailure("vote for height 0") }
        guard
            scheme.verify(vote.signature, payload: vote.vote.canonicalBytes, domain: .consensusVote, signer: vote.voter)
        else { throw VerificationFailure("invalid vote signature by \(sender)") }
    }

    /// Verifies a certificate: ≥ quorum valid signatures of distinct members on one subject
    /// (same phase, view, height, block), matching the expected values.
    public func checkCertificate(
        _ certificate: QuorumCertificate, phase: ConsensusVote.Phase, height: UInt64, blockHash: Digest? = nil,
        field: String
    ) throws(VerificationFailure) {
        guard let subject = certificate.subject else { throw VerificationFailure("\(field): empty certificate") }
        guard subject.phase == phase, subject.height == height else {
            throw VerificationFailure(
                "\(field): certificate for \(subject.phase) at height \(subject.height), expected \(phase) at \(height)"
            )
        }
        if let blockHash, subject.blockHash != blockHash {
            throw VerificationFailure("\(field): certificate names another block")
        }
        guard certificate.votes.count >= configuration.quorum, certificate.votes.count <= configuration.memberCount
        else {
            throw VerificationFailure(
                "\(field): \(certificate.votes.count) votes, quorum is \(configuration.quorum)")
        }
        var previous: PublicKey?
        for (index, signed) in certificate.votes.enumerated() {
            let vote = signed.vote
            guard vote.phase == subject.phase, vote.view == subject.view, vote.height == subject.height,
                vote.blockHash == subject.blockHash
            else { throw VerificationFailure("\(field): vote \(index) has another subject") }
            guard configuration.indexOf[signed.voter] != nil else {
                throw VerificationFailure("\(field): vote \(index) by a non-member")
            }
            if let previous, !(previous < signed.voter) {
                throw VerificationFailure("\(field): votes not in strictly increasing voter order")
            }
            previous = signed.voter
            guard
                scheme.verify(
                    signed.signature, payload: vote.canonicalBytes, domain: .consensusVote, signer: signed.voter)
            else { throw VerificationFailure("\(field): vote \(index) has an invalid signature") }
        }
    }

    private func checkPrePrepare(_ envelope: Envelope<PrePrepare<Proposal>>) throws(VerificationFailure) {
        try checkEnvelope(envelope, domain: .consensusPrePrepare)
        let body = envelope.body
        guard body.height >= 1 else { throw VerificationFailure("pre-prepare for height 0") }
        if body.height == 1 {
            guard body.previousCertificate == nil else {
                throw VerificationFailure("pre-prepare at height 1 carries a previous certificate")
            }
        } else {
            guard let certificate = body.previousCertificate else {
                throw VerificationFailure("pre-prepare at height \(body.height) lacks the previous commit certificate")
            }
            try checkCertificate(certificate, phase: .commit, height: body.height - 1, field: "previousCertificate")
        }
    }

    private func checkDecided(_ block: DecidedBlock<Proposal>, field: String) throws(VerificationFailure) {
        guard block.height >= 1 else { throw VerificationFailure("\(field): height 0") }
        try checkCertificate(
            block.certificate, phase: .commit, height: block.height, blockHash: block.digest, field: field)
        for ext in block.extensions {
            guard
                let vote = block.certificate.votes.first(where: { configuration.indexOf[$0.voter] == Int(ext.voter) }),
                vote.vote.extensionDigest == VoteExtension.digest(of: ext.data)
            else { throw VerificationFailure("\(field): extension of \(ext.voter) does not match its vote") }
        }
    }

    private func checkViewChange(_ envelope: Envelope<ViewChange<Proposal>>) throws(VerificationFailure) {
        try checkEnvelope(envelope, domain: .consensusViewChange)
        let body = envelope.body
        guard body.nextHeight >= 1 else { throw VerificationFailure("view-change with next height 0") }
        if let decided = body.lastDecided {
            guard decided.height + 1 == body.nextHeight else {
                throw VerificationFailure(
                    "view-change: last decided \(decided.height) but next height \(body.nextHeight)")
            }
            try checkDecided(decided, field: "viewChange.lastDecided")
        } else if body.nextHeight != 1 {
            throw VerificationFailure("view-change at height \(body.nextHeight) without its last decided block")
        }
        if let prepared = body.prepared {
            try checkCertificate(
                prepared.certificate, phase: .prepare, height: body.nextHeight, blockHash: prepared.digest,
                field: "viewChange.prepared")
            guard prepared.view < body.newView else {
                throw VerificationFailure("view-change: prepared in view \(prepared.view) ≥ new view \(body.newView)")
            }
        }
    }

    /// The NEW-VIEW rule (Castro & Liskov §4.4, one-proposal-in-flight form): from ≥ 2f+1
    /// VIEW-CHANGEs for `view`, the new view starts at H = the highest reported next height; if
    /// any VIEW-CHANGE carries a value prepared at H, the first PRE-PREPARE must re-propose the
    /// one prepared in the highest view (ties: the lowest digest); its previous certificate must
    /// certify the block decided at H − 1 that the VIEW-CHANGEs report.
    public static func requiredProposal(
        viewChanges: [ViewChange<Proposal>]
    ) -> (height: UInt64, prepared: PreparedProof<Proposal>?, previousDigest: Digest?) {
        let height = viewChanges.map(\.nextHeight).max() ?? 1
        var best: PreparedProof<Proposal>?
        for vc in viewChanges {
            guard let prepared = vc.prepared, prepared.height == height else { continue }
            if let current = best {
                if prepared.view > current.view || (prepared.view == current.view && prepared.digest < current.digest) {
                    best = prepared
                }
            } else {
                best = prepared
            }
        }
        let previous = viewChanges.first { $0.nextHeight == height }?.lastDecided?.digest
        return (height, best, previous)
    }

    private func checkNewView(_ newView: NewView<Proposal>, signer: UInt32) throws(VerificationFailure) {
        guard newView.viewChanges.count >= configuration.quorum else {
            throw VerificationFailure(
                "new-view with \(newView.viewChanges.count) view-changes, quorum \(configuration.quorum)")
        }
        for (index, vc) in newView.viewChanges.enumerated() {
            if index > 0, !(newView.viewChanges[index - 1].signer < vc.signer) {
                throw VerificationFailure("new-view: view-changes not from distinct signers in order")
            }
            guard vc.body.newView == newView.view else {
                throw VerificationFailure("new-view: view-change \(index) is for view \(vc.body.newView)")
            }
            try checkViewChange(vc)
        }
        let pp = newView.prePrepare
        guard pp.signer == signer, pp.body.view == newView.view else {
            throw VerificationFailure("new-view: pre-prepare not by the new-view signer for the new view")
        }
        try checkPrePrepare(pp)
        let rule = Self.requiredProposal(viewChanges: newView.viewChanges.map(\.body))
        guard pp.body.height == rule.height else {
            throw VerificationFailure("new-view: pre-prepare at height \(pp.body.height), rule requires \(rule.height)")
        }
        if let prepared = rule.prepared, prepared.digest != pp.body.digest {
            throw VerificationFailure("new-view: pre-prepare drops the value prepared in view \(prepared.view)")
        }
        if let previous = rule.previousDigest, pp.body.previousCertificate?.subject?.blockHash != previous {
            throw VerificationFailure("new-view: pre-prepare's previous certificate names another block")
        }
    }
}

/// Collects results from concurrent verification.
private final class ResultBox<Proposal: ConsensusProposal>: @unchecked Sendable {
    private var storage: [Result<VerifiedMessage<Proposal>, VerificationFailure>?]
    private let lock = NSLockLike()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<VerifiedMessage<Proposal>, VerificationFailure>) {
        lock.withLock { storage[index] = value }
    }

    var results: [Result<VerifiedMessage<Proposal>, VerificationFailure>] {
        lock.withLock { storage.map { $0! } }
    }
}
