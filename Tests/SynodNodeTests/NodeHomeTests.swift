import Foundation
import SynodCore
import Testing

@testable import SynodNode

@Suite struct NodeHomeTests {
    @Test func initializeWritesAPrivateKeyAndAConfigAndRefusesToOverwrite() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synod-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let home = NodeHome(path: path)
        let config = NodeConfig(moniker: "n", listen: HostPort(host: "127.0.0.1", port: 26600))
        var rng = SeededRandom(seed: 5)
        let key = SigningKey(using: &rng)
        try home.initialize(config: config, key: key)
        #expect(try home.loadConfig() == config)
        #expect(try home.loadKey().publicKey == key.publicKey)
        let attributes = try FileManager.default.attributesOfItem(atPath: home.keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(throws: NodeError(.alreadyExists, "")) { try home.initialize(config: config) }
        #expect(try home.loadKey().publicKey == key.publicKey)  // untouched
        #expect(throws: NodeError(.io, "")) { _ = try home.loadGenesis() }  // none yet
    }
}
