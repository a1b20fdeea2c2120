import SynodConsensus
import SynodCore

extension Simulation {
    /// What a Byzantine replica actually sends in place of `message` (its core is honest; the
    /// misbehaviour is applied to its output, like SmartBFT's `MutateSend`).
    mutating func byzantine(
        _ kind: ByzantineKind, message: ConsensusMessage<Proposal>, node: Int, destinations: [Int]
    ) -> [(ConsensusMessage<Proposal>, Int)] {
        let replica = nodes[node].replica
        let key = keys[replica]
        var out: [(ConsensusMessage<Proposal>, Int)] = destinations.map { (message, $0) }
        func half(_ list: [Int]) -> ([Int], [Int]) {
            let cut = list.count / 2
            return (Array(list.prefix(cut)), Array(list.dropFirst(cut)))
        }
        func resign(_ body: PrePrepare<Proposal>) -> Envelope<PrePrepare<Proposal>> {
            Envelope(signing: body, signer: UInt32(replica), key: key, scheme: scheme, domain: .consensusPrePrepare)
        }
        func vote(_ v: ConsensusVote) -> SignedVote {
            SignedVote(
                vote: v, voter: key.publicKey,
                signature: scheme.sign(v.canonicalBytes, domain: .consensusVote, key: key))
        }
        switch kind {
        case .silent:
            return []
        case .twins:
            return out
        case .equivocate:
            if case .prePrepare(let envelope) = message {
                let body = envelope.body
                let other = PrePrepare(
                    view: body.view, height: body.height, proposal: App.conflictingVariant(of: body.proposal),
                    previousCertificate: body.previousCertificate, electionProof: body.electionProof)
                let (a, b) = half(destinations)
                out = a.map { (message, $0) } + b.map { (.prePrepare(resign(other)), $0) }
            }
        case .invalidProposal:
            if case .prePrepare(let envelope) = message {
                let body = envelope.body
                let bad = PrePrepare(
                    view: body.view, height: body.height, proposal: App.invalidVariant(of: body.proposal),
                    previousCertificate: body.previousCertificate, electionProof: body.electionProof)
                out = destinations.map { (.prePrepare(resign(bad)), $0) }
            }
        case .conflictingVotes:
            var conflicting: ConsensusMessage<Proposal>?
            if case .prepare(let signed) = message {
                let v = signed.vote
                conflicting = .prepare(
                    vote(
                        ConsensusVote(
                            phase: .prepare, view: v.view, height: v.height, blockHash: Digest.sha256(v.blockHash.bytes)
                        )))
            } else if case .commit(let signed, _) = message {
                let v = signed.vote
                conflicting = .commit(
                    vote(
                        ConsensusVote(
                            phase: .commit, view: v.view, height: v.height, blockHash: Digest.sha256(v.blockHash.bytes))
                    ),
                    extension: [])
            }
            if let conflicting {
                // Half hear one vote, half the other; one replica hears both (double voting).
                let (a, b) = half(destinations)
                out = a.map { (message, $0) } + b.map { (conflicting, $0) }
                if let witness = b.first { out.append((message, witness)) }
            }
        case .replay:
            nodes[node].history.append(message)
            if nodes[node].history.count > 64 { nodes[node].history.removeFirst() }
            if byzantineRandom.bernoulli(0.3), let destination = destinations.first {
                let old = nodes[node].history[byzantineRandom.uniformInt(in: 0..<nodes[node].history.count)]
                out.append((old, destination))
            }
        case .forgedViewChange:
            if case .viewChange(let envelope) = message, let forged = forgeViewChange(envelope.body, replica: replica) {
                out = destinations.map { (forged, $0) }
            } else if case .prepare(let signed) = message, byzantineRandom.bernoulli(0.2) {
                // A NEW-VIEW it may not send: wrong signer or a fabricated pre-prepare.
                let v = signed.vote
                let fake = ViewChange<Proposal>(
                    newView: v.view + 1, nextHeight: v.height, lastDecided: nil, prepared: nil)
                let vc = Envelope(
                    signing: fake, signer: UInt32(replica), key: key, scheme: scheme, domain: .consensusViewChange)
                out.append((.viewChange(vc), destinations.first ?? 0))
            }
        case .flood:
            if case .prepare(let signed) = message {
                let v = signed.vote
                for step in 1...3 {
                    let far = vote(
                        ConsensusVote(
                            phase: .prepare, view: v.view + UInt64(step) * 100, height: v.height + UInt64(step) * 1000,
                            blockHash: Digest.sha256([UInt8(step)])))
                    for destination in destinations { out.append((.prepare(far), destination)) }
                }
                let garbage = SignedVote(
                    vote: v, voter: key.publicKey, signature: Signature(bytes: [UInt8](repeating: 7, count: 64))!)
                for destination in destinations { out.append((.prepare(garbage), destination)) }
                for destination in destinations { out.append((message, destination)) }
            }
        case .mixed:
            break
        }
        return out
    }

    /// The COMMIT `signed` re-signed by `node`'s key with vote extension `data` (same view, height
    /// and block; the vote's extension digest is `data`'s): what an application-level Byzantine
    /// member sends one receiver (``SimulationApplication/extensionForReceiver(_:height:digest:original:)``).
    func resignedCommit(_ signed: SignedVote, extension data: [UInt8], node: Int) -> ConsensusMessage<Proposal> {
        let key = keys[nodes[node].replica]
        let v = signed.vote
        let vote = ConsensusVote(
            phase: v.phase, view: v.view, height: v.height, blockHash: v.blockHash,
            extensionDigest: VoteExtension.digest(of: data))
        let resigned = SignedVote(
            vote: vote, voter: key.publicKey,
            signature: scheme.sign(vote.canonicalBytes, domain: .consensusVote, key: key))
        return .commit(resigned, extension: data)
    }

    /// A VIEW-CHANGE claiming a prepared value with a certificate it cannot have (its own vote
    /// copied under other voters' keys: invalid signatures), so the verifier must reject it.
    mutating func forgeViewChange(_ body: ViewChange<Proposal>, replica: Int) -> ConsensusMessage<Proposal>? {
        let key = keys[replica]
        guard let proposal = body.lastDecided?.proposal ?? body.prepared?.proposal else { return nil }
        let fakeProposal = App.conflictingVariant(of: proposal)
        let v = ConsensusVote(
            phase: .prepare, view: body.newView - 1, height: body.nextHeight, blockHash: fakeProposal.proposalDigest)
        let own = scheme.sign(v.canonicalBytes, domain: .consensusVote, key: key)
        let votes = consensus.members.prefix(consensus.quorum).map { SignedVote(vote: v, voter: $0, signature: own) }
        let proof = PreparedProof(proposal: fakeProposal, certificate: QuorumCertificate(votes: votes))
        let forged = ViewChange(
            newView: body.newView, nextHeight: body.nextHeight, lastDecided: body.lastDecided, prepared: proof)
        return .viewChange(
            Envelope(signing: forged, signer: UInt32(replica), key: key, scheme: scheme, domain: .consensusViewChange))
    }
}
