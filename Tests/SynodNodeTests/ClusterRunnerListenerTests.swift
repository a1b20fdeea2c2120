import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodNode

/// ``ClusterRunner`` binds every node's listener before any node starts, and refuses listeners
/// that do not match the nodes' configurations.
@Suite struct ClusterRunnerListenerTests {
    /// A 4-node cluster in `directory` whose node `i` listens on `listen(i)`.
    static func cluster(_ directory: TemporaryDirectory, listen: (Int) -> HostPort) throws -> LocalCluster {
        try LocalCluster.create(
            directory: directory.path + "/cluster", nodes: 4, protocolName: "ledger", basePort: 20_000, seed: 9
        ) { index, config in config.listen = listen(index) }
    }

    @Test func aConfiguredPortInUseIsRefusedNamingTheNodeAndTheAddress() throws {
        let directory = TemporaryDirectory("synod-runner-listen")
        defer { directory.remove() }
        let taken = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        let cluster = try Self.cluster(directory) { $0 == 2 ? taken.address : HostPort(host: "127.0.0.1", port: 0) }
        let error = #expect(throws: NodeError.self) {
            try ClusterRunner(cluster: cluster, executable: "/bin/sh")
        }
        #expect(error?.code == .io)
        #expect(
            error?.reason
                == "node 2: cannot listen on \(taken.address): Address already in use "
                + "(the listen address of \(cluster.homes[2].configPath))")
    }

    @Test func theRunnerBindsTheConfiguredAddressesAndKeepsThem() throws {
        let directory = TemporaryDirectory("synod-runner-listen")
        defer { directory.remove() }
        let cluster = try Self.cluster(directory) { _ in HostPort(host: "127.0.0.1", port: 0) }
        let runner = try ClusterRunner(cluster: cluster, executable: "/bin/sh")
        let ports = (0..<4).map(runner.port)
        #expect(Set(ports).count == 4 && !ports.contains(0))
        // The ports stay taken while the runner lives.
        for port in ports {
            #expect(throws: NodeError.self) { try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: port)) }
        }
    }

    @Test func listenersThatDoNotMatchTheConfigurationsAreRefused() throws {
        let directory = TemporaryDirectory("synod-runner-listen")
        defer { directory.remove() }
        let listeners = try ClusterTestSupport.loopbackListeners(4)
        let cluster = try Self.cluster(directory) { listeners[$0].address }
        _ = try ClusterRunner(cluster: cluster, executable: "/bin/sh", listeners: listeners)
        let swapped = [listeners[1], listeners[0], listeners[2], listeners[3]]
        let error = #expect(throws: NodeError.self) {
            try ClusterRunner(cluster: cluster, executable: "/bin/sh", listeners: swapped)
        }
        #expect(error?.code == .invalidArgument)
        #expect(
            error?.reason
                == "listener 0 is bound to \(listeners[1].address), but node 0 listens on \(listeners[0].address) "
                + "(\(cluster.homes[0].configPath))")
        #expect(throws: NodeError.self) {
            try ClusterRunner(cluster: cluster, executable: "/bin/sh", listeners: Array(listeners.prefix(3)))
        }
    }
}
