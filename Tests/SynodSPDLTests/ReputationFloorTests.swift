import SynodCore
import SynodLedger
import Testing

@testable import SynodSPDL

/// The eligibility floor and the robust reference of the reputation rule (docs/spdl.md, "Why an
/// honest member always stays eligible").
@Suite struct ReputationFloorTests {
    static let parent = Digest.sha256(Array("parent".utf8))

    static func signed(_ key: SigningKey, round: UInt64, _ v: [Float]) -> SignedGradient {
        SignedGradient(
            GradientCommitment(round: round, parent: parent, sender: key.nodeID, gradient: v), key: key,
            domain: .spdlGradient)
    }

    /// Every member's gradient points away from Δ every round (the worst case for the π/2 rule), the
    /// Byzantine members (the last f) are proven equivocators at random rounds, and reputations
    /// start at random values: at most n − 2f − 1 members are ever at 0 without being proven
    /// faulty, so at least f + 1 honest members stay eligible at every round.
    @Test(arguments: [4, 7, 10, 20])
    func noRuleLeavesFewerThanFPlusOneHonestMembersEligible(n: Int) throws {
        let keys = SPDLTestSupport.keys(n)
        let f = (n - 1) / 3
        var rng = SeededRandom(seed: UInt64(n))
        var reputation: [NodeID: Double] = [:]
        for k in keys { reputation[k.nodeID] = Double(1 + rng.next() % 10) / 10 }
        let byzantine = Set(keys.suffix(f).map(\.nodeID))
        let delta: [Float] = [1, 1, 1]
        for reference in ReputationReference.allCases {
            var r = reputation
            var proven: Set<NodeID> = []
            for round in UInt64(0)..<40 {
                let members = keys.map {
                    SPDLMember(id: $0.nodeID, publicKey: $0.publicKey, vrfPublicKey: nil, reputation: r[$0.nodeID]!)
                }
                .sorted { $0.id < $1.id }
                let senders = keys.filter { !proven.contains($0.nodeID) }
                let commitments = senders.map { Self.signed($0, round: round, [-1, -1, -1]) }
                    .sorted { $0.payload.sender < $1.payload.sender }
                let provenBefore = proven
                var evidence: [EquivocationEvidence] = []
                if let offender = keys.first(where: { byzantine.contains($0.nodeID) && !proven.contains($0.nodeID) }),
                    rng.next() % 4 == 0
                {
                    evidence.append(
                        try #require(
                            EquivocationEvidence(
                                Self.signed(offender, round: round, [1, 2, 3]),
                                Self.signed(offender, round: round, [3, 2, 1]))))
                    proven.insert(offender.nodeID)
                }
                let included = commitments.filter { c in !evidence.contains { $0.offender == c.payload.sender } }
                let record = SPDLRules.record(
                    round: round, leader: members[0].id, gar: "average", commitments: included, aggregate: delta,
                    evidence: evidence, vectors: included.map { _ in [-1, -1, -1] }, members: members,
                    policy: ReputationPolicy(penalty: 0.3, recovery: 0.1, reference: reference),
                    provenFaulty: provenBefore)
                for change in record.reputationChanges {
                    #expect(change.before > 0 || change.after == 0, "a member at 0 came back")
                    r[change.node] = change.after
                }
                let zero = r.values.filter { $0 == 0 }.count
                let honestEligible = keys.filter { !byzantine.contains($0.nodeID) && r[$0.nodeID]! > 0 }.count
                #expect(honestEligible >= f + 1, "n = \(n), round \(round): \(honestEligible) honest eligible")
                let ruleZeroed = keys.filter { r[$0.nodeID] == 0 && !proven.contains($0.nodeID) }.count
                #expect(ruleZeroed <= n - (2 * f + 1))
                #expect(zero >= ruleZeroed)
            }
            // The worst case does drive members to 0: the floor, not a lenient rule, holds the line.
            #expect(r.values.contains(0))
        }
    }

    /// Krum under IPM: Δ is the attackers' vector, −0.1 × the honest mean. The paper's rule lowers
    /// every honest reputation; measured against the coordinate-wise median it lowers only the
    /// attackers'.
    @Test func theMedianReferenceIsNotTurnedAgainstHonestMembers() throws {
        let keys = SPDLTestSupport.keys(7)
        let honest: [[Float]] = [[1, 2, 1], [1.2, 1.8, 0.9], [0.8, 2.2, 1.1], [1.1, 1.9, 1], [0.9, 2.1, 1.2]]
        let attack: [Float] = [-0.1, -0.2, -0.1]
        let vectors = honest + [attack, attack]
        let members = keys.map {
            SPDLMember(id: $0.nodeID, publicKey: $0.publicKey, vrfPublicKey: nil, reputation: 0.5)
        }
        let commitments = zip(keys, vectors).map { Self.signed($0, round: 0, $1) }
        func after(_ reference: ReputationReference) -> [NodeID: Double] {
            let record = SPDLRules.record(
                round: 0, leader: keys[0].nodeID, gar: "krum", commitments: commitments, aggregate: attack,
                evidence: [], vectors: vectors, members: members, policy: ReputationPolicy(reference: reference))
            return Dictionary(uniqueKeysWithValues: record.reputationChanges.map { ($0.node, $0.after) })
        }
        let paper = after(.aggregate)
        let robust = after(.median)
        func near(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-12 } ?? false }
        for k in keys.prefix(5) {
            #expect(near(paper[k.nodeID], 0.4))
            #expect(near(robust[k.nodeID], 0.6))
        }
        for k in keys.suffix(2) {
            #expect(near(paper[k.nodeID], 0.6))
            #expect(near(robust[k.nodeID], 0.4))
        }
    }

    /// The ledger module enforces the floor on records it did not compute: a record whose rule
    /// changes leave more than n − (2f + 1) members at 0 without proof is rejected.
    @Test func theLedgerModuleRejectsARecordBelowTheFloor() throws {
        let (fixtures, state, tip, delta, blobs) = try SPDLLedgerModuleTests.chain()
        func apply(zeroing: [Int]) throws(LedgerError) -> LedgerState {
            let r = SPDLRoundRecord(
                round: 0, leader: fixtures[0].key.nodeID, gar: "average", commitments: [],
                aggregateDigest: Digest.sha256(floats: delta), dimension: 3,
                reputationChanges: zeroing.map { .init(node: fixtures[$0].key.nodeID, before: 1, after: 0) }
                    .sorted { $0.node < $1.node }, evidence: [])
            return try state.proposeHeader(
                after: tip, transactions: [.payload(SPDLLedgerModule.payload(r))], proposer: fixtures[0].key.nodeID,
                view: 0, timestamp: 2, modules: .withSPDL, blobs: blobs
            ).state
        }
        // n = 4, f = 1: 2f + 1 = 3 must stay above 0, so the rule may zero one member, not two.
        let one = try apply(zeroing: [1])
        #expect(one.members[fixtures[1].key.nodeID]?.reputation == 0)
        #expect(throws: LedgerError.self) { try apply(zeroing: [1, 2]) }
    }
}
