import SynodCore
import SynodHTTP
import SynodLedger

/// A node for the tests: a real 4-member chain (genesis + 3 certified blocks with a transfer and
/// a payload with blobs), a fixed status, an optional model, and a height whose read fails.
struct FakeNodeSource: NodeAPISource {
    struct ReadFailure: Error, CustomStringConvertible {
        var description: String { "disk read failed" }
    }

    let blocks: [Block]
    let nodeStatus: NodeStatus
    let modelBytes: [UInt8]?
    let failingHeight: UInt64?
    /// A block returned for a different height than asked (a broken node).
    let wrongBlockHeight: UInt64?

    static func chain() throws -> [Block] {
        var builder = try ChainBuilder(seed: 7, memberCount: 4)
        var blocks = [LedgerStore.genesisBlock(genesis: builder.genesis, state: builder.state)]
        let recipient = builder.keys[2].nodeID
        blocks.append(try builder.nextBlock([builder.transfer(from: 0, to: recipient, amount: 25)]))
        let gradient = builder.addBlob([UInt8](repeating: 3, count: 100))
        let weights = builder.addBlob([UInt8](repeating: 9, count: 48))
        let payload = ProtocolPayload(module: "log", kind: 5, body: [1, 2, 3], blobs: [gradient, weights])
        blocks.append(try builder.nextBlock([.payload(payload)], view: 2))
        blocks.append(try builder.nextBlock([]))
        return blocks
    }

    static func status(height: UInt64) -> NodeStatus {
        NodeStatus(
            nodeID: String(repeating: "ab", count: 32), index: 1, protocolName: "spdl", chainID: "synod-test",
            height: height, view: 2, leader: 2, mode: "normal",
            peers: [
                PeerStatus(
                    index: 0, nodeID: String(repeating: "01", count: 32), address: "10.0.0.1:7000", connected: true),
                PeerStatus(
                    index: 2, nodeID: String(repeating: "02", count: 32), address: "10.0.0.2:7000", connected: false),
            ])
    }

    static func make(
        model: [UInt8]? = [0x08, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8), failingHeight: UInt64? = nil,
        wrongBlockHeight: UInt64? = nil
    ) throws -> FakeNodeSource {
        let blocks = try chain()
        return FakeNodeSource(
            blocks: blocks, nodeStatus: status(height: UInt64(blocks.count - 1)), modelBytes: model,
            failingHeight: failingHeight, wrongBlockHeight: wrongBlockHeight)
    }

    func status() async -> NodeStatus { nodeStatus }

    func block(at height: UInt64) async throws -> Block? {
        if height == failingHeight { throw ReadFailure() }
        if height == wrongBlockHeight { return blocks.first }
        return height < UInt64(blocks.count) ? blocks[Int(height)] : nil
    }

    func model() async -> [UInt8]? { modelBytes }
}
