import Foundation
import SynodConsensus
import SynodCore
import SynodLedger
import SynodRobust
import SynodTestSupport
import Testing

@testable import SynodSPDL

/// The per-member privacy loss on the ledger and the budget a node keeps.
@Suite struct SPDLPrivacyBudgetTests {
    static let mechanism = SPDLPrivacyAccounting.mechanism(privacy: .code, epsilon: 0.04, delta: 1e-5)

    @Test func theSpendIsRDPCompositionOfTheCalibratedGaussian() throws {
        let z = (2 * log(1.25 / 1e-5)).squareRoot() / 0.04
        var accountant = try RDPAccountant()
        try accountant.compose(noiseMultiplier: z, sampleRate: 1, steps: 100)
        let expected = try accountant.epsilon(delta: 1e-5).epsilon
        let spend = SPDLPrivacyAccounting.spend(rounds: 100, mechanism: Self.mechanism)
        #expect(spend.rounds == 100)
        #expect(spend.epsilon >= expected)
        #expect(spend.epsilon - expected < 1e-9)
        // More rounds never cost less; one round costs more than nothing.
        var previous = 0.0
        for t in UInt64(1)...30 {
            let e = SPDLPrivacyAccounting.spend(rounds: t, mechanism: Self.mechanism).epsilon
            #expect(e > previous)
            previous = e
        }
        let none = SPDLPrivacyAccounting.spend(
            rounds: 1, mechanism: SPDLPrivacyAccounting.mechanism(privacy: .none, epsilon: 1, delta: 1e-5))
        #expect(none.epsilon == .infinity)
        let decoded = try SPDLPrivacySpend(canonicalBytes: spend.canonicalBytes)
        #expect(decoded == spend)
    }

    /// Applying round records adds one round per aggregated sender to the committed state; a
    /// member left out is not charged; the state root covers it.
    @Test func theLedgerModuleChargesEveryAggregatedSender() throws {
        let fixtures = SPDLTestSupport.members(4)
        var c = SPDLConfiguration()
        c.nodeCount = 4
        let genesis = Genesis(
            chainID: "t", timestamp: 1,
            members: fixtures.map {
                Genesis.Member(
                    publicKey: $0.key.publicKey, address: "a", vrfPublicKey: $0.vrf.publicKey.bytes, reputation: 1,
                    balance: 0)
            }, parameters: c.ledgerGenesisParameters)
        var state = try LedgerState(genesis: genesis)
        var tip = LedgerStore.genesisBlock(genesis: genesis, state: state).header
        let delta: [Float] = [1, 2, 3]
        var blobs = MemoryBlobs()
        blobs.add(GradientBlob.bytes(delta))
        let roots = [state.root]
        for round in UInt64(0)..<3 {
            let commitments = (0..<3).map { i in
                SignedGradient(
                    GradientCommitment(round: round, parent: tip.hash, sender: fixtures[i].key.nodeID, gradient: delta),
                    key: fixtures[i].key, domain: .spdlGradient)
            }
            .sorted { $0.payload.sender < $1.payload.sender }
            let r = SPDLRoundRecord(
                round: round, leader: fixtures[0].key.nodeID, gar: "average", commitments: commitments,
                aggregateDigest: Digest.sha256(floats: delta), dimension: 3, reputationChanges: [], evidence: [])
            let (header, next) = try state.proposeHeader(
                after: tip, transactions: [.payload(SPDLLedgerModule.payload(r))], proposer: fixtures[0].key.nodeID,
                view: 0, timestamp: tip.timestamp + 1, modules: .withSPDL, blobs: blobs)
            state = next
            tip = header
        }
        for i in 0..<3 {
            let spend = SPDLLedgerModule.privacySpend(of: fixtures[i].key.nodeID, in: state)
            #expect(spend == SPDLPrivacyAccounting.spend(rounds: 3, mechanism: Self.mechanism))
            #expect(spend.delta == 1e-5)
        }
        #expect(SPDLLedgerModule.privacySpend(of: fixtures[3].key.nodeID, in: state).rounds == 0)
        #expect(state.root != roots[0])
    }

    /// A member whose next aggregated round would exceed the genesis budget sends no gradient and
    /// notes the round; within the budget it contributes.
    @Test func aMemberRefusesToContributeBeyondItsBudget() throws {
        let keys = SPDLTestSupport.keys(4)
        func firstExtension(budget: Double) throws -> (bytes: [UInt8], refusals: [UInt64]) {
            var c = SPDLConfiguration()
            c.nodeCount = 4
            c.rounds = 3
            c.batchSize = 10
            c.split = .iid
            c.privacyBudget = budget
            var app = try SPDLApplication(
                replica: 0, key: keys[0], members: keys.map(\.publicKey), configuration: c,
                data: SyntheticData.images(count: 40, seed: 10))
            let proposal = app.propose(ProposalContext(height: 1, view: 0, previous: nil))
            let block = try #require(proposal)
            let verdict = app.validate(block, height: 1)
            #expect(verdict == .accept)
            return (app.extendVote(block, height: 1), app.privacyRefusals)
        }
        let oneRound = SPDLPrivacyAccounting.spend(rounds: 1, mechanism: Self.mechanism).epsilon
        let within = try firstExtension(budget: oneRound)
        #expect(!within.bytes.isEmpty)
        #expect(within.refusals.isEmpty)
        let beyond = try firstExtension(budget: oneRound * 0.99)
        #expect(beyond.bytes.isEmpty)
        #expect(beyond.refusals == [0])
        var c = SPDLConfiguration()
        c.privacy = .dpsgd
        c.privacyBudget = 1
        #expect(throws: SPDLError.self) { try c.validate() }
    }
}
