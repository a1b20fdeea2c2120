import SynodConsensus
import SynodCore
import Testing

@Suite struct PBFTReplicaElectionTests {
    static func context(_ replica: TestCluster.Replica, height: UInt64, previous: Digest) -> ElectionContext {
        ElectionContext(
            memberCount: replica.configuration.memberCount, height: height, previousDigest: previous,
            previousProof: [],
            weights: (0..<replica.configuration.memberCount).map { replica.app.electionWeight(of: $0) })
    }

    @Test func vrfPrimariesProveTheirElectionInEveryDecidedBlock() throws {
        var cluster = try TestCluster(vrf: true)
        cluster.startAll()
        cluster.run()
        for index in 0..<4 { #expect(cluster.height(index) == 3) }
        let election = try #require(cluster.replicas[1]!.election as? VRFElection)
        var previous = Digest.zero
        for block in cluster.decided[1] {
            let context = Self.context(cluster.replicas[1]!, height: block.height, previous: previous)
            #expect(block.electionProof.count == 80)
            #expect(Int(block.proposal.proposer) == election.primary(view: 0, context: context))
            #expect(
                election.verify(
                    proof: block.electionProof, replica: Int(block.proposal.proposer), view: 0, context: context))
            previous = block.digest
        }
        for index in 0..<4 { #expect(cluster.replicas[index]!.metrics.invalidElectionProofs == 0) }
    }

    @Test func prePrepareWithBadOrMissingProofIsRejectedAndCounted() throws {
        for variant in ["forged", "missing"] {
            var cluster = try TestCluster(vrf: true)
            cluster.startAll()
            let original = try #require(
                cluster.network.first { if case .prePrepare = $0.message { true } else { false } })
            guard case .prePrepare(let envelope) = original.message else { return }
            let primary = original.from
            var proof = envelope.body.electionProof
            if variant == "forged" { proof[5] ^= 0x40 } else { proof = [] }
            let body = envelope.body
            let bad = Envelope(
                signing: PrePrepare(
                    view: 0, height: 1, proposal: body.proposal, previousCertificate: nil, electionProof: proof),
                signer: UInt32(primary), key: cluster.keys[primary], scheme: cluster.scheme,
                domain: .consensusPrePrepare)
            cluster.drop { if case .prePrepare = $0.message { true } else { false } }
            let backups = (0..<4).filter { $0 != primary }
            for to in backups { cluster.deliver(.init(message: .prePrepare(bad), from: primary, to: to)) }
            for index in backups {
                #expect(cluster.replicas[index]!.metrics.invalidElectionProofs == 1, "\(variant)")
                #expect(cluster.replicas[index]!.mode == .viewChanging(1), "\(variant)")
            }
            cluster.crash(primary)
            cluster.run()
            for index in backups { #expect(cluster.height(index) >= 1, "\(variant)") }
        }
    }

    @Test func reputationZeroMembersNeverPropose() throws {
        var cluster = try TestCluster(proposalLimit: 6, vrf: true, reputations: [0, 1, 0, 1])
        cluster.startAll()
        cluster.run()
        for index in 0..<4 { #expect(cluster.height(index) == 6) }
        let proposers = Set(cluster.decided[2].map { Int($0.proposal.proposer) })
        #expect(proposers.isSubset(of: [1, 3]))
    }

    @Test func noEligibleMemberIsATypedReportedCondition() throws {
        var cluster = try TestCluster(vrf: true, reputations: [0, 0, 0, 0])
        cluster.startAll()
        cluster.run()
        for _ in 0..<3 {
            cluster.advance(by: 20_000)
            cluster.run()
        }
        for index in 0..<4 {
            let replica = cluster.replicas[index]!
            #expect(replica.decidedHeight == 0)
            #expect(replica.electionError?.code == .noEligibleMember)
            #expect(replica.metrics.noEligiblePrimary >= 1)
            #expect(replica.primary(of: 0) == -1)
        }
    }

    // A value decided by one replica in view 0 and by the others, re-proposed, in view 1: the
    // decided blocks carry different election proofs, yet every replica computes the same
    // primaries for the next height (the seed depends only on the agreed digest).
    @Test func reproposedValueLeadsToTheSameNextPrimaryEverywhere() throws {
        var cluster = try TestCluster(nodes: 7, proposalLimit: 1, vrf: true)
        let first = cluster.replicas[0]!
        let primary0 = first.primary(of: 0)
        let primary1 = first.primary(of: 1)
        let early = try #require((0..<7).first { $0 != primary0 && $0 != primary1 })
        cluster.startAll()
        // Everyone prepares; only `early` receives the COMMITs and decides in view 0.
        // (It would also serve its decided block to late voters: those answers are lost.)
        cluster.run { item in
            switch item.message {
            case .commit: return item.to == early
            case .blocks: return false
            default: return true
            }
        }
        cluster.drop { item in
            switch item.message {
            case .commit, .blocks: true
            default: false
            }
        }
        #expect(cluster.height(early) == 1)
        cluster.crash(primary0)
        cluster.crash(early)
        cluster.advance(by: 1_001)
        cluster.run()
        let others = (0..<7).filter { $0 != primary0 && $0 != early }
        for index in others {
            #expect(cluster.height(index) == 1)
            #expect(cluster.replicas[index]!.view == 1)
        }
        try cluster.restart(early)
        cluster.run()
        let reference = cluster.replicas[early]!
        let earlyBlock = try #require(reference.lastDecided)
        for index in others {
            let replica = cluster.replicas[index]!
            let block = try #require(replica.lastDecided)
            #expect(block.digest == earlyBlock.digest)
            #expect(block.electionProof != earlyBlock.electionProof)  // decided via different PRE-PREPAREs
            #expect(replica.electionContext.previousDigest == reference.electionContext.previousDigest)
            for view in UInt64(0)..<7 { #expect(replica.primary(of: view) == reference.primary(of: view)) }
        }
    }
}
