import Foundation
import Logging
import SynodCore
import Testing

@testable import SynodNode

/// `NodeLauncher.launch` refuses a genesis that does not fit the node before anything starts.
@Suite struct NodeLauncherTests {
    /// A home of a 4-member cluster whose genesis is rewritten by `edit`.
    static func home(protocolName: String, edit: (NodeGenesis) throws -> NodeGenesis) throws -> (String, NodeHome) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "synod-launcher-test-\(UUID().uuidString)"
        ).path
        let cluster = try LocalCluster.create(
            directory: directory, nodes: 4, protocolName: protocolName, basePort: 27_850, seed: 3)
        let home = cluster.homes[0]
        let edited = try edit(try home.loadGenesis())
        try NodeHome.writeAtomically(edited.render(), to: home.genesisPath)
        return (directory, home)
    }

    static func launchError(_ home: NodeHome) async -> NodeError? {
        do {
            let node = try await NodeLauncher.launch(home: home, logger: Logger(label: "test"))
            await node.stop()
            return nil
        } catch {
            return error
        }
    }

    @Test func aNodeWhoseVRFKeyIsNotItsGenesisEntryRefusesToStart() async throws {
        let (directory, home) = try Self.home(protocolName: "ledger") { genesis in
            var members = genesis.members
            let (a, b) = (members[0].vrfPublicKey, members[1].vrfPublicKey)
            members[0] = NodeGenesis.Member(
                publicKey: members[0].publicKey, address: members[0].address, vrfPublicKey: b)
            members[1] = NodeGenesis.Member(
                publicKey: members[1].publicKey, address: members[1].address, vrfPublicKey: a)
            return try NodeGenesis(
                chainID: genesis.chainID, protocolName: genesis.protocolName, timestamp: genesis.timestamp,
                members: members)
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = try #require(await Self.launchError(home))
        #expect(error.code == .vrfKeyMismatch)
        #expect(error.reason.contains("members[0].vrf_public_key"))
        // Nothing was created: the refusal comes before the ledger and the WAL.
        #expect(!FileManager.default.fileExists(atPath: home.ledgerDirectory))
    }

    @Test func anSPDLGenesisWithoutVRFKeysIsRefused() async throws {
        let (directory, home) = try Self.home(protocolName: "spdl") { genesis in
            try NodeGenesis(
                chainID: genesis.chainID, protocolName: genesis.protocolName, timestamp: genesis.timestamp,
                members: genesis.members.map { NodeGenesis.Member(publicKey: $0.publicKey, address: $0.address) },
                parameters: genesis.parameters)
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = try #require(await Self.launchError(home))
        #expect(error.code == .invalidGenesis)
        #expect(error.reason.contains("vrf_public_key"))
        #expect(!FileManager.default.fileExists(atPath: home.ledgerDirectory))
    }
}
