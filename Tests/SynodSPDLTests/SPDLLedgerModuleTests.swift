import SynodCore
import SynodLedger
import Testing

@testable import SynodSPDL

@Suite struct SPDLLedgerModuleTests {
    /// Four members at reputation 1, the genesis state and block header, and Δ = [1, 2, 3] as a blob.
    static func chain() throws -> (
        fixtures: [SPDLMemberFixture], state: LedgerState, tip: BlockHeader, delta: [Float], blobs: MemoryBlobs
    ) {
        let fixtures = SPDLTestSupport.members(4)
        let genesis = Genesis(
            chainID: "t", timestamp: 1,
            members: fixtures.map {
                Genesis.Member(
                    publicKey: $0.key.publicKey, address: "a", vrfPublicKey: $0.vrf.publicKey.bytes, reputation: 1,
                    balance: 0)
            })
        let state = try LedgerState(genesis: genesis)
        let tip = LedgerStore.genesisBlock(genesis: genesis, state: state).header
        let delta: [Float] = [1, 2, 3]
        var blobs = MemoryBlobs()
        blobs.add(GradientBlob.bytes(delta))
        return (fixtures, state, tip, delta, blobs)
    }

    @Test func roundRecordsMustFollowEachOtherAndReferenceDelta() throws {
        let (fixtures, state, tip, delta, blobs) = try Self.chain()
        func record(round: UInt64, digest: Digest) -> SPDLRoundRecord {
            SPDLRoundRecord(
                round: round, leader: fixtures[0].key.nodeID, gar: "average", commitments: [], aggregateDigest: digest,
                dimension: 3,
                reputationChanges: [.init(node: fixtures[1].key.nodeID, before: 1, after: 0.75)], evidence: [])
        }
        func header(_ r: SPDLRoundRecord) throws(LedgerError) -> LedgerState {
            try state.proposeHeader(
                after: tip, transactions: [.payload(SPDLLedgerModule.payload(r))], proposer: fixtures[0].key.nodeID,
                view: 0, timestamp: 2, modules: .withSPDL, blobs: blobs
            ).state
        }
        let good = try header(record(round: 0, digest: Digest.sha256(floats: delta)))
        #expect(good.members[fixtures[1].key.nodeID]?.reputation == 0.75)
        #expect(throws: LedgerError.self) { try header(record(round: 1, digest: Digest.sha256(floats: delta))) }
        #expect(throws: LedgerError.self) { try header(record(round: 0, digest: Digest.sha256(floats: [9]))) }
    }

    @Test func parentsMustAgreeAndProvenEquivocatorsAreMarkedAndExcluded() throws {
        let (fixtures, state, tip, delta, blobs) = try Self.chain()
        func signed(_ i: Int, round: UInt64, parent: Digest, _ v: [Float]) -> SignedGradient {
            SignedGradient(
                GradientCommitment(round: round, parent: parent, sender: fixtures[i].key.nodeID, gradient: v),
                key: fixtures[i].key, domain: .spdlGradient)
        }
        func apply(
            _ state: LedgerState, after tip: BlockHeader, round: UInt64, _ commitments: [SignedGradient],
            evidence: [EquivocationEvidence] = []
        ) throws(LedgerError) -> (LedgerState, BlockHeader) {
            let zeroed = evidence.map { SPDLRoundRecord.ReputationChange(node: $0.offender, before: 1, after: 0) }
            let r = SPDLRoundRecord(
                round: round, leader: fixtures[0].key.nodeID, gar: "average",
                commitments: commitments.sorted { $0.payload.sender < $1.payload.sender },
                aggregateDigest: Digest.sha256(floats: delta), dimension: 3, reputationChanges: zeroed,
                evidence: evidence)
            let (header, next) = try state.proposeHeader(
                after: tip, transactions: [.payload(SPDLLedgerModule.payload(r))], proposer: fixtures[0].key.nodeID,
                view: 0, timestamp: tip.timestamp + 1, modules: .withSPDL, blobs: blobs)
            return (next, header)
        }
        let p = tip.hash
        let other = Digest.sha256(Array("other".utf8))
        // Commitments on two different parents in one record: rejected.
        #expect(throws: LedgerError.self) {
            try apply(
                state, after: tip, round: 0,
                [signed(0, round: 0, parent: p, delta), signed(1, round: 0, parent: other, delta)])
        }
        // Evidence against member 3 marks it; its later commitments are refused.
        let e = try #require(
            EquivocationEvidence(signed(3, round: 0, parent: p, [1, 1, 1]), signed(3, round: 0, parent: p, [2, 2, 2])))
        let (s1, h1) = try apply(
            state, after: tip, round: 0, (0..<3).map { signed($0, round: 0, parent: p, delta) }, evidence: [e])
        #expect(SPDLLedgerModule.isProvenEquivocator(fixtures[3].key.nodeID, in: s1))
        #expect(!SPDLLedgerModule.isProvenEquivocator(fixtures[2].key.nodeID, in: s1))
        #expect(s1.members[fixtures[3].key.nodeID]?.reputation == 0)
        #expect(throws: LedgerError.self) {
            try apply(s1, after: h1, round: 1, (0..<4).map { signed($0, round: 1, parent: h1.hash, delta) })
        }
        _ = try apply(s1, after: h1, round: 1, (0..<3).map { signed($0, round: 1, parent: h1.hash, delta) })
    }

    @Test func gradientBlobRoundTripsAndMatchesTheFloatDigest() throws {
        let v: [Float] = [0, -1.5, .leastNonzeroMagnitude, 3e38]
        let bytes = GradientBlob.bytes(v)
        #expect(Digest.sha256(bytes) == Digest.sha256(floats: v))
        #expect(try GradientBlob.vector(bytes).map(\.bitPattern) == v.map(\.bitPattern))
        #expect(throws: SPDLError.self) { try GradientBlob.vector([1, 2, 3]) }
    }
}
