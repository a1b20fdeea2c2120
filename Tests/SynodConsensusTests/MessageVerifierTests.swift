import SynodConsensus
import SynodCore
import Testing

@Suite struct MessageVerifierTests {
    @Test func rejectsForgedRelayedAndMisphasedVotes() throws {
        let cluster = try TestCluster()
        let vote = ConsensusVote(phase: .prepare, view: 0, height: 1, blockHash: Digest.sha256([1]))
        let good = vote.signed(by: cluster.keys[2])
        #expect((try? cluster.verifier.verify(.prepare(good), from: 2).get()) != nil)
        // Each rejection is checked by its reason: the check that refused the vote is named.
        // Relayed by someone else.
        #expect(Self.failure(cluster.verifier.verify(.prepare(good), from: 1)) == "vote by \(good.voter) relayed by 1")
        // A PREPARE presented as a COMMIT (domain separation through the signed phase).
        #expect(
            Self.failure(cluster.verifier.verify(.commit(good, extension: []), from: 2))
                == "vote phase is prepare, expected commit")
        // Forged signature.
        let forged = SignedVote(
            vote: vote, voter: cluster.keys[2].publicKey, signature: Signature(bytes: [UInt8](repeating: 1, count: 64))!
        )
        #expect(Self.failure(cluster.verifier.verify(.prepare(forged), from: 2)) == "invalid vote signature by 2")
        // Extension digest mismatch.
        let commit = ConsensusVote(phase: .commit, view: 0, height: 1, blockHash: Digest.sha256([1])).signed(
            by: cluster.keys[2])
        #expect(
            Self.failure(cluster.verifier.verify(.commit(commit, extension: [1, 2]), from: 2))
                == "commit extension does not match the signed extension digest")
        // Non-member sender.
        #expect(Self.failure(cluster.verifier.verify(.prepare(good), from: 9)) == "sender 9 is not a member")
    }

    /// The reason of a failed verification, nil if it succeeded.
    static func failure<Proposal>(_ result: Result<VerifiedMessage<Proposal>, VerificationFailure>) -> String? {
        if case .failure(let failure) = result { return failure.reason }
        return nil
    }

    @Test func certificateNeedsAQuorumOfDistinctValidVotes() throws {
        let cluster = try TestCluster()
        let vote = ConsensusVote(phase: .commit, view: 0, height: 3, blockHash: Digest.sha256([3]))
        let votes = (0..<3).map { vote.signed(by: cluster.keys[$0]) }
        try cluster.verifier.checkCertificate(
            QuorumCertificate(votes: votes), phase: .commit, height: 3, blockHash: vote.blockHash, field: "qc")
        #expect(throws: VerificationFailure.self) {
            try cluster.verifier.checkCertificate(
                QuorumCertificate(votes: Array(votes.prefix(2))), phase: .commit, height: 3, field: "qc")
        }
        #expect(throws: VerificationFailure.self) {
            try cluster.verifier.checkCertificate(
                QuorumCertificate(votes: votes), phase: .prepare, height: 3, field: "qc")
        }
        let mixed =
            votes.prefix(2) + [
                ConsensusVote(phase: .commit, view: 1, height: 3, blockHash: vote.blockHash).signed(by: cluster.keys[2])
            ]
        #expect(throws: VerificationFailure.self) {
            try cluster.verifier.checkCertificate(
                QuorumCertificate(votes: Array(mixed)), phase: .commit, height: 3, field: "qc")
        }
    }

    @Test func prePrepareMustCarryThePreviousCertificate() throws {
        let cluster = try TestCluster()
        let block = CounterBlock(height: 2, proposer: 0, transactions: [1], payloads: [])
        let pp = Envelope(
            signing: PrePrepare(view: 0, height: 2, proposal: block, previousCertificate: nil), signer: 0,
            key: cluster.keys[0], scheme: cluster.scheme, domain: .consensusPrePrepare)
        #expect((try? cluster.verifier.verify(.prePrepare(pp), from: 0).get()) == nil)
        // Signed in another domain: rejected.
        let wrongDomain = Envelope(
            signing: PrePrepare(view: 0, height: 1, proposal: block, previousCertificate: nil), signer: 0,
            key: cluster.keys[0], scheme: cluster.scheme, domain: .consensusViewChange)
        #expect((try? cluster.verifier.verify(.prePrepare(wrongDomain), from: 0).get()) == nil)
    }

    @Test func parallelBatchMatchesSequentialResults() throws {
        let cluster = try TestCluster()
        var items: [(ConsensusMessage<CounterBlock>, Int)] = []
        for index in 0..<40 {
            let vote = ConsensusVote(
                phase: .prepare, view: 0, height: UInt64(index + 1), blockHash: Digest.sha256([UInt8(index)]))
            items.append(
                (.prepare(vote.signed(by: cluster.keys[index % 4])), index % 3 == 0 ? (index + 1) % 4 : index % 4))
        }
        let parallel = cluster.verifier.verifyBatch(items).map { (try? $0.get()) != nil }
        let sequential = items.map { (try? cluster.verifier.verify($0.0, from: $0.1).get()) != nil }
        #expect(parallel == sequential)
        #expect(parallel.contains(true) && parallel.contains(false))
    }
}
