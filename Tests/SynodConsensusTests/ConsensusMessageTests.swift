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

    /// A COMMIT whose vote extension has `size` bytes (content irrelevant: decoding does not verify).
    func commit(extensionBytes size: Int) throws -> [UInt8] {
        var rng = SeededRandom(seed: 3)
        let key = SigningKey(using: &rng)
        let data = [UInt8](repeating: 7, count: size)
        let vote = ConsensusVote(
            phase: .commit, view: 0, height: 1, blockHash: Digest.sha256([1]),
            extensionDigest: VoteExtension.digest(of: data))
        let signed = SignedVote(
            vote: vote, voter: key.publicKey,
            signature: try #require(Signature(bytes: [UInt8](repeating: 1, count: 64))))
        return ConsensusMessage<CounterBlock>.commit(signed, extension: data).canonicalBytes
    }

    @Test func aLeNetSizedAndAMaximalVoteExtensionDecode() throws {
        // SPDL's LeNet-5 gradient extension (61,706 floats ≈ 247 KB) did not fit the old 64 KiB cap.
        for size in [61_706 * 4 + 200, VoteExtension.maxBytes] {
            let bytes = try commit(extensionBytes: size)
            guard case .commit(_, let ext) = try ConsensusMessage<CounterBlock>(canonicalBytes: bytes) else {
                Issue.record("not a commit")
                continue
            }
            #expect(ext.count == size)
            let decided = VoteExtension(voter: 2, data: ext)
            #expect(try VoteExtension(canonicalBytes: decided.canonicalBytes) == decided)
        }
        #expect(VoteExtension.maxBytes + 1024 < 64 << 20)  // a COMMIT fits the TCP transport's message cap
    }

    @Test func aVoteExtensionJustOverTheCapIsATypedError() throws {
        let bytes = try commit(extensionBytes: VoteExtension.maxBytes + 1)
        do {
            _ = try ConsensusMessage<CounterBlock>(canonicalBytes: bytes)
            Issue.record("an oversized extension decoded")
        } catch {
            #expect(error.kind == .lengthTooLarge)
            #expect(error.field.hasSuffix(".extension"))
        }
        let oversized = VoteExtension(voter: 0, data: [UInt8](repeating: 0, count: VoteExtension.maxBytes + 1))
        do {
            _ = try VoteExtension(canonicalBytes: oversized.canonicalBytes)
            Issue.record("an oversized extension decoded")
        } catch {
            #expect(error.kind == .lengthTooLarge)
            #expect(error.field.hasSuffix(".data"))
        }
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
