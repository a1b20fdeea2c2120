import Testing

@testable import SynodCore

@Suite struct ConsensusVoteTests {
    @Test func layoutAndRoundTrip() throws {
        let vote = ConsensusVote(
            phase: .prepare, view: 0x0102, height: 7, blockHash: Digest.sha256([1]), extensionDigest: Digest.sha256([2])
        )
        let bytes = vote.canonicalBytes
        #expect(bytes.count == ConsensusVote.encodedByteCount)
        #expect(bytes.count == 81)
        #expect(Array(bytes[0..<17]) == [1, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[17..<49]) == Digest.sha256([1]).bytes)
        #expect(Array(bytes[49..<81]) == Digest.sha256([2]).bytes)
        #expect(try ConsensusVote(canonicalBytes: bytes) == vote)
        #expect(ConsensusVote.Phase.commit.rawValue == 2)
    }

    @Test func unknownPhaseIsRejected() {
        var bytes = ConsensusVote(phase: .commit, view: 0, height: 0, blockHash: .zero).canonicalBytes
        for tag: UInt8 in [0, 3, 0xFF] {
            bytes[0] = tag
            #expect(throws: CanonicalDecodingError(.unknownTag, field: "ConsensusVote.phase", offset: 0, reason: "")) {
                _ = try ConsensusVote(canonicalBytes: bytes)
            }
        }
    }

    @Test func signedVotesVerifyAndRoundTrip() throws {
        var rng = SeededRandom(seed: 40)
        let key = SigningKey(using: &rng)
        let vote = ConsensusVote(phase: .commit, view: 3, height: 4, blockHash: Digest.sha256([3]))
        let signed = vote.signed(by: key)
        #expect(signed.isValid)
        #expect(signed.voter == key.publicKey)
        #expect(key.publicKey.isValidSignature(signed.signature, for: vote.canonicalBytes, domain: .consensusVote))
        let bytes = signed.canonicalBytes
        #expect(bytes.count == SignedVote.encodedByteCount)
        #expect(bytes.count == 177)
        #expect(try SignedVote(canonicalBytes: bytes) == signed)
        // Changing any field of the vote invalidates the signature.
        let changed = [
            ConsensusVote(phase: .prepare, view: 3, height: 4, blockHash: Digest.sha256([3])),
            ConsensusVote(phase: .commit, view: 4, height: 4, blockHash: Digest.sha256([3])),
            ConsensusVote(phase: .commit, view: 3, height: 5, blockHash: Digest.sha256([3])),
            ConsensusVote(phase: .commit, view: 3, height: 4, blockHash: Digest.sha256([4])),
            ConsensusVote(
                phase: .commit, view: 3, height: 4, blockHash: Digest.sha256([3]), extensionDigest: Digest.sha256([0])),
        ]
        for other in changed {
            #expect(!SignedVote(vote: other, voter: signed.voter, signature: signed.signature).isValid)
        }
        #expect(throws: CanonicalDecodingError(.truncated, field: "SignedVote.signature", offset: 113, reason: "")) {
            _ = try SignedVote(canonicalBytes: Array(bytes.dropLast()))
        }
    }
}
