import Testing

@testable import SynodCore

@Suite struct NodeIDTests {
    @Test func nodeIDIsSHA256OfThePublicKeyBytes() throws {
        // RFC 8032 §7.1 TEST 1's public key; its SHA-256 computed independently with Python's
        // hashlib: hashlib.sha256(bytes.fromhex("d75a98…511a")).hexdigest().
        let key = try PublicKey(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        #expect(key.nodeID.hex == "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9")
        #expect(key.nodeID == NodeID(digest: Digest.sha256(key.bytes)))
        #expect(key.nodeID == NodeID(publicKey: key))
        var rng = SeededRandom(seed: 8)
        let signing = SigningKey(using: &rng)
        #expect(signing.nodeID == signing.publicKey.nodeID)
        #expect(signing.nodeID.digest == Digest.sha256(signing.publicKey.bytes))
    }

    @Test func hexEncodingAndOrder() throws {
        var rng = SeededRandom(seed: 9)
        let ids = (0..<10).map { _ in SigningKey(using: &rng).nodeID }
        for id in ids {
            #expect(NodeID(hex: id.hex) == id)
            #expect(try NodeID(canonicalBytes: id.canonicalBytes) == id)
            #expect(id.canonicalBytes == id.digest.bytes)
            #expect(id.description == String(id.hex.prefix(8)))
        }
        #expect(ids.sorted().map(\.hex) == ids.map(\.hex).sorted())
        #expect(NodeID(hex: "abc") == nil)
    }
}
