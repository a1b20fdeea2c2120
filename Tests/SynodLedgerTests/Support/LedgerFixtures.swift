import Foundation
import SynodCore

@testable import SynodLedger

/// Builds a stored chain: `blocks` blocks after genesis, each with a payload referencing a stored
/// blob and a transfer.
func makeStoredChain(
    in directory: String, blocks: Int, seed: UInt64 = 21, memberCount: Int = 4
) throws -> (ledger: Ledger, builder: ChainBuilder) {
    var builder = try ChainBuilder(seed: seed, memberCount: memberCount)
    var ledger = try Ledger.create(at: directory, genesis: builder.genesis)
    var rng = SeededRandom(seed: seed).split("fixture")
    for index in 0..<blocks {
        var blob = [UInt8](repeating: 0, count: 700 + index)
        rng.fill(&blob)
        let reference = try ledger.store.putBlob(blob)
        builder.addBlob(blob)
        var body = [UInt8](repeating: 0, count: 48)
        rng.fill(&body)
        let transactions: [Transaction] = [
            .payload(ProtocolPayload(module: "log", kind: 1, body: body, blobs: [reference])),
            builder.transfer(from: index % memberCount, to: builder.keys[(index + 1) % memberCount].nodeID, amount: 2),
        ]
        try ledger.append(try builder.nextBlock(transactions))
    }
    return (ledger, builder)
}

/// The canonical bytes of `block`'s payload body in block `block` (to find an offset to flip).
func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
        return start
    }
    return nil
}
