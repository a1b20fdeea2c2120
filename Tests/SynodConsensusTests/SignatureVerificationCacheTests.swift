import SynodConsensus
import SynodCore
import Testing

@Suite struct SignatureVerificationCacheTests {
    static func key(_ i: UInt64) -> SigningKey {
        var r = SeededRandom(seed: 77).split("cache-key", i)
        return SigningKey(using: &r)
    }

    @Test func aValidSignatureIsVerifiedOnceThenAnsweredFromTheCache() {
        let cache = SignatureVerificationCache()
        let scheme = CachingSignatureScheme(base: Ed25519Scheme(), cache: cache)
        let k = Self.key(0)
        let payload: [UInt8] = Array(0..<200)
        let sig = scheme.sign(payload, domain: .consensusVote, key: k)
        for _ in 0..<5 { #expect(scheme.verify(sig, payload: payload, domain: .consensusVote, signer: k.publicKey)) }
        #expect(cache.statistics.misses == 1)
        #expect(cache.statistics.hits == 4)
    }

    @Test func anythingDifferentIsAMissAndIsVerifiedForReal() {
        let cache = SignatureVerificationCache()
        let scheme = CachingSignatureScheme(base: Ed25519Scheme(), cache: cache)
        let k = Self.key(0)
        let other = Self.key(1)
        let payload: [UInt8] = Array(0..<200)
        let sig = scheme.sign(payload, domain: .consensusVote, key: k)
        #expect(scheme.verify(sig, payload: payload, domain: .consensusVote, signer: k.publicKey))
        // Same signature, one payload byte changed (same length, same hash bucket): rejected.
        var changed = payload
        changed[199] ^= 1
        #expect(!scheme.verify(sig, payload: changed, domain: .consensusVote, signer: k.publicKey))
        // Another domain, another signer, a corrupted signature: rejected.
        #expect(!scheme.verify(sig, payload: payload, domain: .consensusCheckpoint, signer: k.publicKey))
        #expect(!scheme.verify(sig, payload: payload, domain: .consensusVote, signer: other.publicKey))
        var bytes = sig.bytes
        bytes[0] ^= 1
        let corrupted = Signature(bytes: bytes)!
        #expect(!scheme.verify(corrupted, payload: payload, domain: .consensusVote, signer: k.publicKey))
        // The rejections are remembered as rejections, and the valid one stays valid.
        #expect(!scheme.verify(sig, payload: changed, domain: .consensusVote, signer: k.publicKey))
        #expect(scheme.verify(sig, payload: payload, domain: .consensusVote, signer: k.publicKey))
        #expect(cache.statistics.misses == 5)
        #expect(cache.statistics.hits == 2)
    }

    @Test func theTableIsBoundedByEntriesAndBytes() {
        let cache = SignatureVerificationCache(capacity: 2, byteCapacity: 1_000)
        let scheme = CachingSignatureScheme(base: Ed25519Scheme(), cache: cache)
        let k = Self.key(0)
        let payloads: [[UInt8]] = [[1], [2], [3]]
        let sigs = payloads.map { scheme.sign($0, domain: .consensusVote, key: k) }
        for (p, s) in zip(payloads, sigs) {
            #expect(scheme.verify(s, payload: p, domain: .consensusVote, signer: k.publicKey))
        }
        // The third entry cleared the table: the first is verified again (a miss), still valid.
        #expect(scheme.verify(sigs[0], payload: payloads[0], domain: .consensusVote, signer: k.publicKey))
        #expect(cache.statistics.misses == 4)
        let big = [UInt8](repeating: 7, count: 900)
        let bigSig = scheme.sign(big, domain: .consensusVote, key: k)
        #expect(scheme.verify(bigSig, payload: big, domain: .consensusVote, signer: k.publicKey))
        #expect(scheme.verify(bigSig, payload: big, domain: .consensusVote, signer: k.publicKey))
        #expect(cache.statistics.hits == 1)
    }
}
