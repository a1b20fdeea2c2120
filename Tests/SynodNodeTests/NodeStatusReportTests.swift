import Foundation
import SynodTestSupport
import Testing

@testable import SynodNode

/// `status.json` round-trips, and a file without `httpPort` (an older node, or one whose HTTP API
/// does not listen yet) still reads, with no port.
@Suite struct NodeStatusReportTests {
    static func report(httpPort: Int?) -> NodeStatusReport {
        NodeStatusReport(
            moniker: "node-0", index: 0, nodeID: "ab", pid: 7, genesisHash: "cd", protocolName: "ledger", height: 3,
            committedHeight: 3, tipHash: "ef", view: 0, mode: "normal", decidedSinceStart: 3, connectedPeers: 3,
            rejectedMessages: [:], transportRejections: [:], consensus: ["decided": 3], proposerLatencyMicros: [],
            decideIntervalMicros: [], uptimeSeconds: 1.5, stopping: false, fatalError: nil, election: "round-robin",
            primary: 1, reputations: [1, 1, 1, 1], httpPort: httpPort)
    }

    @Test func theHTTPPortRoundTripsAndAFileWithoutItStillReads() throws {
        let directory = TemporaryDirectory("synod-status")
        defer { directory.remove() }
        let path = directory.file("status.json")
        try Self.report(httpPort: 41_234).write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"httpPort\" : 41234"))
        #expect(try NodeStatusReport.read(from: path) == Self.report(httpPort: 41_234))

        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        object["httpPort"] = nil
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        #expect(try NodeStatusReport.read(from: path) == Self.report(httpPort: nil))
    }
}
