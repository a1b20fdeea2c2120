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

    func commitments() -> [SignedGradient] {
        zip(fixtures, gradients()).map { f, g in
            SignedGradient(
                GradientCommitment(round: round, parent: previous, sender: f.key.nodeID, gradient: g), key: f.key,
                domain: .spdlGradient)
        }
    }

    /// The configured GAR on the four gradients, in sender order.
    func aggregate() throws -> [Float] {
        let c = configuration()
        let f = c.effectiveGARF
        return try SPDLRules.aggregate(
            gradients(), gar: c.gar, options: c.effectiveGAROptions(n: n, f: f), f: f)
    }

    @Test func theAggregateExcludesTheConstantAttacker() throws {
        let delta = try aggregate()
        #expect(delta.count == 3)
        #expect(delta.allSatisfy { abs($0) < 10 })
    }

    @Test func anUnknownRuleIsATypedError() {
        #expect(throws: SPDLError.self) {
            try SPDLRules.aggregate(gradients(), gar: "no-such-rule", options: [:], f: 1)
        }
    }

    @Test func oneUlpDifferenceIsRejectedAtZeroToleranceAndAcceptedWithTolerance() throws {
        let delta = try aggregate()
        var forged = delta
        forged[0] = forged[0].nextUp
        #expect(SPDLRules.withinTolerance(delta, delta, 0))
        #expect(!SPDLRules.withinTolerance(forged, delta, 0))
        #expect(SPDLRules.withinTolerance(forged, delta, 1e-5))
        #expect(!SPDLRules.withinTolerance(Array(delta.prefix(2)), delta, 1e-5))
    }

    @Test func theRecordNamesTheSetAndUpdatesReputations() throws {
        let delta = try aggregate()
        let all = commitments()
        let leader = fixtures[0].key.nodeID
        var lowered = members
        lowered[0] = SPDLMember(
            id: lowered[0].id, publicKey: lowered[0].publicKey, vrfPublicKey: nil, reputation: 0.5)
        let record = SPDLRules.record(
            round: round, leader: leader, gar: "multi-krum", commitments: all, aggregate: delta, evidence: [],
            vectors: gradients(), members: lowered, policy: ReputationPolicy())
        #expect(record.round == round)
        #expect(record.leader == leader)
        #expect(record.included == all.map(\.payload.sender))
        #expect(record.aggregateDigest == Digest.sha256(floats: delta))
        #expect(record.dimension == 3)
        // The leader, below 1 and within π/2 of Δ, recovers; only reputations that change are listed.
        #expect(record.reputationChanges.contains { $0.node == leader && $0.before == 0.5 && $0.after > 0.5 })
        #expect(record.reputationChanges.allSatisfy { $0.before != $0.after })
        // Without a policy nothing changes.
        let frozen = SPDLRules.record(
            round: round, leader: leader, gar: "multi-krum", commitments: all, aggregate: delta, evidence: [],
            vectors: gradients(), members: lowered, policy: nil)
        #expect(frozen.reputationChanges.isEmpty)
    }

    @Test func anEquivocatorNamedByEvidenceDropsToZero() throws {
        let all = commitments()
        let f = fixtures[3]
        let second = SignedGradient(
            GradientCommitment(round: round, parent: previous, sender: f.key.nodeID, gradient: [0, 0, 0]), key: f.key,
            domain: .spdlGradient)
        let evidence = try #require(EquivocationEvidence(all[3], second))
        let honest = Array(all.prefix(3))
        let vectors = Array(gradients().prefix(3))
        let delta = try SPDLRules.aggregate(vectors, gar: "average", options: [:], f: 0)
        let record = SPDLRules.record(
            round: round, leader: fixtures[0].key.nodeID, gar: "average", commitments: honest, aggregate: delta,
            evidence: [evidence], vectors: vectors, members: members, policy: nil)
        #expect(record.reputationChanges.contains { $0.node == f.key.nodeID && $0.after == 0 })
        #expect(!record.included.contains(f.key.nodeID))
        #expect(record.evidence == [evidence])
    }
}
