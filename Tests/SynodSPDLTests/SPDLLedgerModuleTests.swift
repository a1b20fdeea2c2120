import SynodCore
import SynodLedger
import Testing

@testable import SynodSPDL

@Suite struct SPDLLedgerModuleTests {
    @Test func roundRecordsMustFollowEachOtherAndReferenceDelta() throws {
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

    @Test func gradientBlobRoundTripsAndMatchesTheFloatDigest() throws {
        let v: [Float] = [0, -1.5, .leastNonzeroMagnitude, 3e38]
        let bytes = GradientBlob.bytes(v)
        #expect(Digest.sha256(bytes) == Digest.sha256(floats: v))
        #expect(try GradientBlob.vector(bytes).map(\.bitPattern) == v.map(\.bitPattern))
        #expect(throws: SPDLError.self) { try GradientBlob.vector([1, 2, 3]) }
    }
}
