import SynodCore
import Testing

@testable import SynodSPDL

@Suite struct SPDLLeaderElectionTests {
    let previous = Digest.sha256(Array("genesis".utf8))

    func members(_ reputation: (Int) -> Double) -> ([SPDLMemberFixture], [SPDLMember]) {
        let f = SPDLTestSupport.members(5, reputation: reputation)
        return (
            f,
            f.map {
                SPDLMember(
                    id: $0.key.nodeID, publicKey: $0.key.publicKey, vrfPublicKey: $0.vrf.publicKey,
                    reputation: $0.reputation)
            }
        )
    }

    @Test func winnerHasTheLargestOutputAmongEligibleMembers() throws {
        let (fixtures, all) = members { _ in 1 }
        let tickets = fixtures.map {
            SPDLLeaderElection.ticket(node: $0.key.nodeID, key: $0.vrf, previousHash: previous, round: 7)
        }
        let winner = try #require(
            SPDLLeaderElection.winner(tickets: tickets, members: all, previousHash: previous, round: 7))
        let outputs = tickets.map { SPDLLeaderElection.output(of: $0, members: all, previousHash: previous, round: 7)! }
        let best = outputs.max { $0.lexicographicallyPrecedes($1) }!
        #expect(SPDLLeaderElection.output(of: winner, members: all, previousHash: previous, round: 7) == best)
        // Excluding the winner (reputation 0) elects someone else.
        let loserIndex = fixtures.firstIndex { $0.key.nodeID == winner.node }!
        let (_, reduced) = members { $0 == loserIndex ? 0 : 1 }
        let next = try #require(
            SPDLLeaderElection.winner(tickets: tickets, members: reduced, previousHash: previous, round: 7))
        #expect(next.node != winner.node)
        #expect(SPDLLeaderElection.output(of: winner, members: reduced, previousHash: previous, round: 7) == nil)
    }

    @Test func aProofForAnotherSeedOrKeyIsRejected() {
        let (fixtures, all) = members { _ in 1 }
        let stale = SPDLLeaderElection.ticket(
            node: fixtures[0].key.nodeID, key: fixtures[0].vrf, previousHash: previous, round: 1)
        #expect(SPDLLeaderElection.output(of: stale, members: all, previousHash: previous, round: 2) == nil)
        let stolen = LeaderTicket(node: fixtures[1].key.nodeID, proof: stale.proof)
        #expect(SPDLLeaderElection.output(of: stolen, members: all, previousHash: previous, round: 1) == nil)
    }
}
