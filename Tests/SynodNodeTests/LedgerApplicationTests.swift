import Foundation
import Logging
import SynodConsensus
import SynodCore
import SynodLedger
import Testing

@testable import SynodNode

@Suite struct LedgerApplicationTests {
    static let keys: [SigningKey] = (0..<4).map { index in
        var rng = SeededRandom(seed: 11).split("ledger-app-test", UInt64(index))
        return SigningKey(using: &rng)
    }.sorted { $0.publicKey < $1.publicKey }

    static func genesis() throws -> NodeGenesis {
        try NodeGenesis(
            chainID: "app-test", protocolName: "ledger", timestamp: 1_700_000_000_000,
            members: keys.enumerated().map {
                NodeGenesis.Member(publicKey: $1.publicKey, address: HostPort(host: "127.0.0.1", port: 9000 + $0))
            })
    }

    static func application(_ index: Int) throws -> LedgerApplication {
        let genesis = try genesis().ledgerGenesis
        let state = try LedgerState(genesis: genesis)
        let tip = LedgerStore.genesisBlock(genesis: genesis, state: state).header
        return LedgerApplication(
            state: state, tip: tip, modules: .standard, key: keys[index], members: keys.map(\.publicKey),
            clock: { 1_700_000_005_000 })
    }

    static func decided(_ proposal: LedgerProposal, signers: Int = 3) -> DecidedBlock<LedgerProposal> {
        let vote = ConsensusVote(
            phase: .commit, view: 0, height: proposal.header.height, blockHash: proposal.proposalDigest)
        return DecidedBlock(
            height: proposal.header.height, proposal: proposal,
            certificate: QuorumCertificate(votes: keys.prefix(signers).map { vote.signed(by: $0) }))
    }

    @Test func aProposalIsAcceptedByAnotherMemberAndTamperingIsRejected() throws {
        var leader = try Self.application(0)
        var follower = try Self.application(1)
        let proposalBuilt = leader.propose(ProposalContext(height: 1, view: 0, previous: nil))
        let proposal = try #require(proposalBuilt)
        #expect(proposal.transactions.count == 2)
        #expect(proposal.proposalDigest == proposal.header.hash)
        #expect(follower.validate(proposal, height: 1) == .accept)
        // Wrong height, dropped transaction, foreign previous hash: rejected (never a stall).
        if case .accept = follower.validate(proposal, height: 2) { Issue.record("accepted at the wrong height") }
        let dropped = LedgerProposal(header: proposal.header, transactions: Array(proposal.transactions.prefix(1)))
        if case .accept = follower.validate(dropped, height: 1) { Issue.record("accepted a dropped transaction") }
        let relinked = LedgerProposal(
            header: proposal.header.with(previousHash: Digest.sha256([1])), transactions: proposal.transactions)
        if case .accept = follower.validate(relinked, height: 1) { Issue.record("accepted a foreign previous hash") }
        // The encoding round-trips.
        #expect(try LedgerProposal(canonicalBytes: proposal.canonicalBytes) == proposal)
    }

    @Test func everyReplicaExecutesEachBlockExactlyOnce() throws {
        var leader = try Self.application(0)
        var follower = try Self.application(2)
        var late = try Self.application(3)  // learns the blocks by state transfer, never validates
        for height in 1...3 as ClosedRange<UInt64> {
            let built = leader.propose(ProposalContext(height: height, view: 0, previous: nil))
            let proposal = try #require(built)
            #expect(leader.validate(proposal, height: height) == .accept)  // its own PRE-PREPARE
            #expect(follower.validate(proposal, height: height) == .accept)
            #expect(follower.validate(proposal, height: height) == .accept)  // validated again
            let decided = Self.decided(proposal)
            for app in [leader.finalize(decided), follower.finalize(decided), late.finalize(decided)] {
                #expect(app.state.height == height)
                #expect(app.state.root == proposal.header.stateRoot)
            }
        }
        for app in [leader, follower, late] {
            #expect(app.executions.executionsPerBlock == [1: 3])
            #expect(app.applyFailures == 0)
            #expect(app.height == 3)
        }
    }

    @Test func theNodeProtocolStoresDecidedBlocksOnceAndTheLedgerAudits() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synod-app-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let genesis = try Self.genesis()
        let context = NodeProtocolContext(
            home: NodeHome(path: directory), genesis: genesis, index: 0, key: Self.keys[0],
            memberKeys: genesis.memberKeys, logger: Logger(label: "test"), clock: { 1_700_000_005_000 })
        var proto = try LedgerNodeProtocol(context: context)
        var app = try proto.makeApplication()
        for height in 1...3 as ClosedRange<UInt64> {
            let proposalBuilt = app.propose(ProposalContext(height: height, view: 0, previous: nil))
            let proposal = try #require(proposalBuilt)
            let block = Self.decided(proposal)
            let finalized = app.finalize(block)
            try proto.commit(block, finalized: finalized)
            #expect(throws: NodeError.self) { try proto.commit(block, finalized: finalized) }  // never twice
        }
        #expect(proto.committedHeight == 3)
        proto.close()
        var reopened = try LedgerNodeProtocol(context: context)
        #expect(reopened.committedHeight == 3)
        #expect(try reopened.makeApplication().tip.height == 3)
        let report = try LedgerAuditor.verify(store: reopened.ledger.store)
        #expect(report.tipHeight == 3)
        reopened.close()
        // A ledger created from another genesis is refused.
        let other = try NodeGenesis(
            chainID: "other", protocolName: "ledger", timestamp: 1, members: genesis.members)
        let foreign = NodeProtocolContext(
            home: NodeHome(path: directory), genesis: other, index: 0, key: Self.keys[0],
            memberKeys: other.memberKeys, logger: Logger(label: "test"), clock: { 1 })
        #expect(throws: NodeError(.invalidGenesis, "")) { _ = try LedgerNodeProtocol(context: foreign) }
    }

    @Test func theRegistryKnowsLedgerAndRefusesUnknownProtocols() throws {
        let genesis = try Self.genesis()
        let context = NodeProtocolContext(
            home: NodeHome(path: "/nonexistent"), genesis: genesis, index: 0, key: Self.keys[0],
            memberKeys: genesis.memberKeys, logger: Logger(label: "test"), clock: { 1 })
        #expect(NodeProtocolRegistry.standard.names == ["counter", "ledger", "poqi", "spdl"])
        #expect(throws: NodeError(.unknownProtocol, "")) {
            _ = try NodeProtocolRegistry.standard.make("mining", context: context)
        }
    }
}
