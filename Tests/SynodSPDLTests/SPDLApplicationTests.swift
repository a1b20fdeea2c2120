import Foundation
import SynodConsensus
import SynodCore
import SynodLedger
import SynodTestSupport
import Testing

@testable import SynodSPDL

/// Drives four ``SPDLApplication``s by hand through the engine's calls (propose, validate,
/// extendVote, finalize), so each test controls exactly which extensions a replica holds.
@Suite struct SPDLApplicationTests {
    static let keys = SPDLTestSupport.keys(4)
    static let members = keys.map(\.publicKey)

    static func configuration(byzantine: Int = 1, equivocate: Bool = false) -> SPDLConfiguration {
        var c = SPDLConfiguration()
        c.nodeCount = 4
        c.byzantineCount = byzantine
        c.equivocate = equivocate
        c.rounds = 5
        c.batchSize = 10
        c.split = .iid
        c.learningRate = 0.1
        return c
    }

    /// The four members as the engine runs them (Byzantine ones wrapped by ``SPDLAdversary``).
    static func apps(_ c: SPDLConfiguration) throws -> [Adversarial<SPDLApplication>] {
        try (0..<4).map { i in
            try SPDLAdversary.member(
                SPDLApplication(
                    replica: i, key: keys[i], members: members, configuration: c,
                    data: SyntheticData.images(count: 40, seed: UInt64(10 + i))))
        }
    }

    /// Every replica validates `block`, extends its COMMIT, and applies it holding the extensions
    /// of `holders[replica]` (default: all four).
    static func decide(
        _ block: SPDLBlock, height: UInt64, apps: inout [Adversarial<SPDLApplication>], holders: [Int: [Int]] = [:]
    ) throws {
        for i in apps.indices {
            var verdict = apps[i].validate(block, height: height)
            if case .needPayloads(let digests) = verdict {
                for d in digests {
                    let blob = try #require(apps.lazy.compactMap { $0.payload(d) }.first)
                    let stored = apps[i].storePayload(blob)
                    #expect(stored)
                }
                verdict = apps[i].validate(block, height: height)
            }
            try #require(verdict == .accept, "replica \(i): \(verdict)")
        }
        var extensions: [VoteExtension] = []
        for i in apps.indices {
            let data = apps[i].extendVote(block, height: height)
            for j in apps.indices where j != i && !data.isEmpty {
                #expect(apps[j].verifyVoteExtension(data, voter: i, height: height, digest: block.proposalDigest))
            }
            extensions.append(VoteExtension(voter: UInt32(i), data: data))
        }
        let certificate = ChainBuilder.certificate(for: block.header, signers: Array(keys.prefix(3)))
        for i in apps.indices {
            let held = holders[i] ?? [0, 1, 2, 3]
            _ = apps[i].finalize(
                DecidedBlock(
                    height: height, proposal: block, certificate: certificate,
                    extensions: extensions.filter { held.contains(Int($0.voter)) && !$0.data.isEmpty }))
            #expect(apps[i].failures.isEmpty)
        }
    }

    @Test func aFollowerLackingAVectorFetchesItAndAccepts() throws {
        var apps = try Self.apps(Self.configuration(byzantine: 0))
        let registrationProposal = apps[0].propose(ProposalContext(height: 1, view: 0, previous: nil))
        let registration = try #require(registrationProposal)
        // Replica 1 did not receive replica 2's COMMIT before deciding height 1.
        try Self.decide(registration, height: 1, apps: &apps, holders: [1: [0, 1, 3]])
        let blockProposal = apps[0].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let block = try #require(blockProposal)
        let record = try #require(block.roundRecord)
        #expect(record.commitments.count == 4)
        let missing = record.commitments.first { $0.payload.sender == apps[2].id }!.payload.digest
        #expect(apps[1].validate(block, height: 2) == .needPayloads([missing]))
        #expect(apps[2].validate(block, height: 2) == .accept)
        let blob = try #require(apps[0].payload(missing))
        let stored = apps[1].storePayload(blob)
        let storedTwice = apps[1].storePayload(blob)
        #expect(stored)
        #expect(!storedTwice)  // already held
        #expect(apps[1].validate(block, height: 2) == .accept)
        try Self.decide(block, height: 2, apps: &apps)
        #expect(Set(apps.map(\.stateDigest)).count == 1)
        #expect(Set(apps.map(\.parameterDigest)).count == 1)
    }

    /// The engine's promise, counted: every replica executes each decided block once (the leader
    /// when it proposes, a follower when it validates, a replica that only learns the block when
    /// it finalizes), even when it validates the proposal twice (fetching a vector in between) or
    /// after a rejected proposal at the same height.
    @Test func everyReplicaExecutesEachDecidedBlockOnce() throws {
        var apps = try Self.apps(Self.configuration())
        for height in 1...4 as ClosedRange<UInt64> {
            if height == 2 {
                let forgedProposal = apps[3].propose(ProposalContext(height: 2, view: 0, previous: nil))
                let forged = try #require(forgedProposal)
                for i in 0..<3 { #expect(apps[i].validate(forged, height: 2) != .accept) }
            }
            let leader = Int(height) % 3
            let built = apps[leader].propose(ProposalContext(height: height, view: 1, previous: nil))
            let block = try #require(built)
            try Self.decide(block, height: height, apps: &apps, holders: [1: [0, 1, 3]])
        }
        for app in apps {
            #expect(app.honest.height == 4)
            #expect(app.honest.executions.executionsPerBlock == [1: 4], "replica \(app.honest.replica)")
        }
    }

    @Test func aForgedAggregateIsRejected() throws {
        var apps = try Self.apps(Self.configuration())
        let registrationProposal = apps[0].propose(ProposalContext(height: 1, view: 0, previous: nil))
        let registration = try #require(registrationProposal)
        try Self.decide(registration, height: 1, apps: &apps)
        // Replica 3 is Byzantine: as primary it proposes Δ = 1e7 everywhere.
        let forgedProposal = apps[3].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let forged = try #require(forgedProposal)
        #expect(forged.aggregate.allSatisfy { $0 == 1e7 })
        for i in 0..<3 {
            guard case .reject(let reason) = apps[i].validate(forged, height: 2) else {
                Issue.record("replica \(i) accepted a forged Δ")
                continue
            }
            #expect(reason.contains("Δ̃ differs"))
        }
        // An honest primary's proposal for the same height is accepted (the view change's outcome).
        let honestProposal = apps[1].propose(ProposalContext(height: 2, view: 1, previous: nil))
        let honest = try #require(honestProposal)
        try Self.decide(honest, height: 2, apps: &apps)
    }

    @Test func badExtensionsAreRefused() throws {
        var apps = try Self.apps(Self.configuration(byzantine: 0))
        let registrationProposal = apps[0].propose(ProposalContext(height: 1, view: 0, previous: nil))
        let registration = try #require(registrationProposal)
        for i in apps.indices { #expect(apps[i].validate(registration, height: 1) == .accept) }
        let data = apps[0].extendVote(registration, height: 1)
        #expect(!data.isEmpty)
        #expect(apps[1].verifyVoteExtension(data, voter: 0, height: 1, digest: registration.proposalDigest))
        #expect(!apps[1].verifyVoteExtension(data, voter: 2, height: 1, digest: registration.proposalDigest))
        #expect(!apps[1].verifyVoteExtension(data, voter: 0, height: 2, digest: registration.proposalDigest))
        var tampered = data
        tampered[tampered.count - 1] ^= 1
        #expect(!apps[1].verifyVoteExtension(tampered, voter: 0, height: 1, digest: registration.proposalDigest))
        #expect(!apps[1].verifyVoteExtension(Array(data.prefix(40)), voter: 0, height: 1, digest: .zero))
    }

    @Test func equivocatingGradientsBecomeEvidenceAndReputationZero() throws {
        var apps = try Self.apps(Self.configuration(equivocate: true))
        let registrationProposal = apps[0].propose(ProposalContext(height: 1, view: 0, previous: nil))
        let registration = try #require(registrationProposal)
        try Self.decide(registration, height: 1, apps: &apps)
        // The Byzantine primary names a second signed gradient of its own for round 0.
        let blockProposal = apps[3].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let block = try #require(blockProposal)
        let own = try #require(block.roundRecord?.commitments.first { $0.payload.sender == apps[3].id })
        try Self.decide(block, height: 2, apps: &apps)
        for i in 0..<3 {
            #expect(apps[i].pendingEvidence.count == 1)
            #expect(apps[i].pendingEvidence.first?.offender == apps[3].id)
            #expect(apps[i].pendingEvidence.first.map { [$0.first, $0.second].contains(own) } == true)
        }
        let nextProposal = apps[0].propose(ProposalContext(height: 3, view: 0, previous: nil))
        let next = try #require(nextProposal)
        let record = try #require(next.roundRecord)
        #expect(record.evidence.count == 1)
        #expect(!record.commitments.contains { $0.payload.sender == apps[3].id })
        try Self.decide(next, height: 3, apps: &apps)
        for app in apps {
            #expect(app.reputation(of: 3) == 0)
            #expect(app.pendingEvidence.isEmpty)
            #expect(SPDLLedgerModule.isProvenEquivocator(apps[3].id, in: app.state))
        }
        // Later sets exclude the proven equivocator although its extension is held.
        let laterProposal = apps[1].propose(ProposalContext(height: 4, view: 0, previous: nil))
        let later = try #require(laterProposal)
        #expect(try #require(later.roundRecord).commitments.count == 3)
        #expect(!(later.roundRecord?.commitments.contains { $0.payload.sender == apps[3].id } ?? true))
        try Self.decide(later, height: 4, apps: &apps)
    }

    @Test func gradientsOnTwoBlocksOfOneHeightAreNotEvidence() throws {
        var apps = try Self.apps(Self.configuration(byzantine: 0))
        let registrationProposal = apps[0].propose(ProposalContext(height: 1, view: 0, previous: nil))
        let registration = try #require(registrationProposal)
        try Self.decide(registration, height: 1, apps: &apps)
        // A view change: replica 2 validates and COMMITs two different blocks for height 2.
        let proposalA = apps[0].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let proposalB = apps[1].propose(ProposalContext(height: 2, view: 1, previous: nil))
        let a = try #require(proposalA)
        let b = try #require(proposalB)
        #expect(a.proposalDigest != b.proposalDigest)
        #expect(apps[2].validate(a, height: 2) == .accept)
        let onA = try GradientExtension(canonicalBytes: apps[2].extendVote(a, height: 2))
        #expect(apps[2].validate(b, height: 2) == .accept)
        let onB = try GradientExtension(canonicalBytes: apps[2].extendVote(b, height: 2))
        #expect(onA.commitment.payload.round == onB.commitment.payload.round)
        #expect(onA.commitment.payload.parent == a.proposalDigest)
        #expect(onB.commitment.payload.parent == b.proposalDigest)
        // Both are valid only for the block they were computed on.
        #expect(!apps[0].verifyVoteExtension(onA.canonicalBytes, voter: 2, height: 2, digest: b.proposalDigest))
        // A Byzantine holder of both cannot frame replica 2.
        #expect(EquivocationEvidence(onA.commitment, onB.commitment) == nil)
        apps[0].note(onA.commitment)
        apps[0].note(onB.commitment)
        #expect(apps[0].pendingEvidence.isEmpty)
        // A different vector on the same parent is evidence.
        let other = onA.vector.map { $0 + 1 }
        let second = SignedGradient(
            GradientCommitment(
                round: onA.commitment.payload.round, parent: a.proposalDigest, sender: apps[2].id, gradient: other),
            key: Self.keys[2], domain: .spdlGradient)
        apps[0].note(second)
        #expect(apps[0].pendingEvidence.map(\.offender) == [apps[2].id])
    }
}

/// The honest application's state, read through the wrapper.
extension Adversarial where App == SPDLApplication {
    var failures: [String] { honest.failures }
    var pendingEvidence: [EquivocationEvidence] { honest.pendingEvidence }
    var id: NodeID { honest.id }
    var parameterDigest: Digest { honest.parameterDigest }
    var state: LedgerState { honest.state }
    func reputation(of member: Int) -> Double { honest.reputation(of: member) }
    mutating func note(_ c: SignedGradient) { honest.note(c) }
}
