import SynodConsensus
import SynodCore
import Testing

@Suite struct ConsensusMessageTests {
    @Test func everyMessageOfARunRoundTripsThroughTheCanonicalEncoding() throws {
        var cluster = try TestCluster(checkpointInterval: 2, usesPayloads: true)
        cluster.startAll()
        var seen = Set<String>()
        while !cluster.network.isEmpty {
            let item = cluster.network.removeFirst()
            let bytes = item.message.canonicalBytes
            let decoded = try ConsensusMessage<CounterBlock>(canonicalBytes: bytes)
            #expect(decoded.canonicalBytes == bytes)
            #expect(decoded == item.message)
            seen.insert(item.message.kind)
            cluster.deliver(item)
        }
        #expect(cluster.height(1) == 3)
        #expect(seen.isSuperset(of: ["pre-prepare", "prepare", "commit", "request", "payloads"]))
    }

    @Test func truncatedAndUnknownInputIsATypedError() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        let bytes = try #require(cluster.network.first).message.canonicalBytes
        #expect(throws: CanonicalDecodingError.self) {
            _ = try ConsensusMessage<CounterBlock>(canonicalBytes: Array(bytes.dropLast(3)))
        }
        #expect(throws: CanonicalDecodingError.self) {
            _ = try ConsensusMessage<CounterBlock>(canonicalBytes: [42] + bytes.dropFirst())
        }
    }
}
