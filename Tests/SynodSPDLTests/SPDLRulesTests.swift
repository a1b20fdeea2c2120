import SynodCore
import Testing

@testable import SynodSPDL

@Suite struct SPDLRulesTests {
    let n = 4
    let round: UInt64 = 3
    let previous = Digest.sha256(Array("block".utf8))

    var fixtures: [SPDLMemberFixture] { SPDLTestSupport.members(n) }
    var members: [SPDLMember] {
        fixtures.map {
            SPDLMember(
                id: $0.key.nodeID, publicKey: $0.key.publicKey, vrfPublicKey: $0.vrf.publicKey,
                reputation: $0.reputation)
        }
    }

    func configuration(byzantine: Int = 1) -> SPDLConfiguration {
        var c = SPDLConfiguration()
        c.nodeCount = n
        c.byzantineCount = byzantine
        return c
    }

    func gradients() -> [[Float]] {
        [[1, 2, 0.5], [1.1, 1.9, 0.4], [0.9, 2.1, 0.6], [1e7, 1e7, 1e7]]
    }

    func setup() -> (commitments: [SignedGradient], store: [Digest: [Float]], ticket: LeaderTicket) {
        var store: [Digest: [Float]] = [:]
        let commitments = zip(fixtures, gradients()).map { f, g in
            store[Digest.sha256(floats: g)] = g
            return SignedGradient(
                GradientCommitment(round: round, parent: previous, sender: f.key.nodeID, gradient: g), key: f.key,
                domain: .spdlGradient)
        }
        let tickets = fixtures.map {
            SPDLLeaderElection.ticket(node: $0.key.nodeID, key: $0.vrf, previousHash: previous, round: round)
        }
        let winner = SPDLLeaderElection.winner(
            tickets: tickets, members: members, previousHash: previous, round: round)!
        return (commitments, store, winner)
    }

    @Test func honestProposalIsAcceptedAndExcludesTheConstantAttacker() throws {
        let (commitments, store, ticket) = setup()
        let proposal = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: configuration(),
            commitments: commitments, vectors: store, evidence: [])
        #expect(proposal.aggregate.allSatisfy { abs($0) < 10 })
        let verdict = SPDLRules.validate(
            proposal, round: round, previousHash: previous, members: members, expectedLeader: ticket.node,
            configuration: configuration(), fetch: { store[$0] })
        guard case .accept(let record) = verdict else { Issue.record("expected accept, got \(verdict)"); return }
        #expect(record.included.count == 4)
        #expect(record.aggregateDigest == Digest.sha256(floats: proposal.aggregate))
    }

    @Test func missingGradientsAreRequestedByHash() throws {
        let (commitments, store, ticket) = setup()
        let proposal = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: configuration(),
            commitments: commitments, vectors: store, evidence: [])
        let missing = commitments[1].payload.digest
        let verdict = SPDLRules.validate(
            proposal, round: round, previousHash: previous, members: members, expectedLeader: ticket.node,
            configuration: configuration(), fetch: { $0 == missing ? nil : store[$0] })
        #expect(verdict == .needPayloads([missing]))
    }

    @Test func oneUlpDifferenceIsRejectedAtZeroToleranceAndAcceptedWithTolerance() throws {
        let (commitments, store, ticket) = setup()
        let p = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: configuration(),
            commitments: commitments, vectors: store, evidence: [])
        var forged = p.aggregate
        forged[0] = forged[0].nextUp
        let tampered = SPDLProposal(
            round: round, previousHash: previous, ticket: ticket, gar: p.gar, garOptions: p.garOptionMap,
            garF: Int(p.garF), commitments: p.commitments, aggregate: forged, evidence: [])
        let strict = SPDLRules.validate(
            tampered, round: round, previousHash: previous, members: members, expectedLeader: ticket.node,
            configuration: configuration(), fetch: { store[$0] })
        guard case .reject = strict else { Issue.record("expected reject, got \(strict)"); return }
        var loose = configuration()
        loose.tolerance = 1e-5
        let lenient = SPDLRules.validate(
            tampered, round: round, previousHash: previous, members: members, expectedLeader: ticket.node,
            configuration: loose, fetch: { store[$0] })
        guard case .accept = lenient else { Issue.record("expected accept, got \(lenient)"); return }
    }

    @Test func wrongLeaderTooFewCommitmentsAndEquivocatorsAreRejected() throws {
        let (commitments, store, ticket) = setup()
        let c = configuration()
        let p = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: c, commitments: commitments,
            vectors: store, evidence: [])
        let other = members.first { $0.id != ticket.node }!.id
        let wrongLeader = SPDLRules.validate(
            p, round: round, previousHash: previous, members: members, expectedLeader: other, configuration: c,
            fetch: { store[$0] })
        guard case .reject = wrongLeader else { Issue.record("expected reject"); return }
        // Too few commitments: 2 < 2f + 1 = 3.
        #expect(throws: SPDLError.self) {
            try SPDLRules.propose(
                round: round, previousHash: previous, ticket: ticket, configuration: c,
                commitments: Array(commitments.prefix(2)), vectors: store, evidence: [])
        }
        // An equivocator in the set.
        let f = fixtures[3]
        let second = SignedGradient(
            GradientCommitment(round: round, parent: previous, sender: f.key.nodeID, gradient: [0, 0, 0]), key: f.key,
            domain: .spdlGradient)
        let evidence = try #require(EquivocationEvidence(commitments[3], second))
        let bad = SPDLProposal(
            round: round, previousHash: previous, ticket: ticket, gar: p.gar, garOptions: p.garOptionMap,
            garF: Int(p.garF), commitments: commitments, aggregate: p.aggregate, evidence: [evidence])
        let verdict = SPDLRules.validate(
            bad, round: round, previousHash: previous, members: members, expectedLeader: ticket.node, configuration: c,
            fetch: { store[$0] })
        guard case .reject = verdict else { Issue.record("expected reject, got \(verdict)"); return }
        // With the equivocator excluded, the offender drops to 0.
        let good = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: c, commitments: commitments,
            vectors: store, evidence: [evidence])
        let ok = SPDLRules.validate(
            good, round: round, previousHash: previous, members: members, expectedLeader: ticket.node,
            configuration: c, fetch: { store[$0] })
        guard case .accept(let record) = ok else { Issue.record("expected accept, got \(ok)"); return }
        #expect(record.reputationChanges.contains { $0.node == f.key.nodeID && $0.after == 0 })
        #expect(!record.included.contains(f.key.nodeID))
    }

    @Test func aGradientComputedOnAnotherBlockIsRejected() throws {
        let (commitments, store, ticket) = setup()
        var all = commitments
        let f = fixtures[1]
        let g = gradients()[1]
        all[1] = SignedGradient(
            GradientCommitment(
                round: round, parent: Digest.sha256(Array("other".utf8)), sender: f.key.nodeID, gradient: g),
            key: f.key, domain: .spdlGradient)
        let p = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: configuration(), commitments: all,
            vectors: store, evidence: [])
        let verdict = SPDLRules.validate(
            p, round: round, previousHash: previous, members: members, expectedLeader: ticket.node,
            configuration: configuration(), fetch: { store[$0] })
        guard case .reject(let why) = verdict else { Issue.record("expected reject, got \(verdict)"); return }
        #expect(why.contains("another block"))
    }

    @Test func recordedEquivocatorsAreExcludedFromLaterSets() throws {
        let (commitments, store, ticket) = setup()
        let c = configuration()
        let equivocator = fixtures[3].key.nodeID
        let p = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: c, commitments: commitments,
            vectors: store, evidence: [], equivocators: [equivocator])
        #expect(p.commitments.count == 3)
        #expect(!p.commitments.contains { $0.payload.sender == equivocator })
        // A set naming it is rejected by a replica whose ledger records the equivocation.
        let withIt = SPDLRules.validate(
            try SPDLRules.propose(
                round: round, previousHash: previous, ticket: ticket, configuration: c, commitments: commitments,
                vectors: store, evidence: []),
            round: round, previousHash: previous, members: members, expectedLeader: ticket.node, configuration: c,
            equivocators: [equivocator], fetch: { store[$0] })
        guard case .reject = withIt else { Issue.record("expected reject, got \(withIt)"); return }
    }

    @Test func proposalRoundTripsThroughCanonicalEncoding() throws {
        let (commitments, store, ticket) = setup()
        let p = try SPDLRules.propose(
            round: round, previousHash: previous, ticket: ticket, configuration: configuration(),
            commitments: commitments.reversed(), vectors: store, evidence: [])
        #expect(try SPDLProposal(canonicalBytes: p.canonicalBytes) == p)
        #expect(p.commitments.map(\.payload.sender) == p.commitments.map(\.payload.sender).sorted())
    }
}
