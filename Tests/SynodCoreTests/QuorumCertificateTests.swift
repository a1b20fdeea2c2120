import SynodTestSupport
import Testing

@testable import SynodCore

/// Commit/prepare certificates: 2f+1 distinct valid member votes on one subject.
@Suite struct QuorumCertificateTests {
    static let blockHash = Digest.sha256(Array("block 5".utf8))
    static let vote = ConsensusVote(phase: .commit, view: 1, height: 5, blockHash: blockHash)

    /// Seven members (f = 2, quorum 5) and two outsiders.
    static func keys() -> (members: [SigningKey], outsiders: [SigningKey]) {
        let all = TestKeys.signing(9, seed: 0x0C)
        return (Array(all.prefix(7)), Array(all.suffix(2)))
    }

    static func memberSet(_ keys: [SigningKey]) -> Set<PublicKey> { Set(keys.map(\.publicKey)) }

    static func expectRejected(
        _ certificate: QuorumCertificate, _ code: CertificateError.Code, members: Set<PublicKey>, quorum: Int = 5,
        height: UInt64? = 5, blockHash: Digest? = blockHash, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: CertificateError(code, ""), sourceLocation: sourceLocation) {
            try certificate.verify(
                members: members, quorum: quorum, phase: .commit, height: height, blockHash: blockHash)
        }
    }

    @Test func quorumSizes() {
        // n − ⌊(n−1)/3⌋: 2f+1 when n = 3f+1; the smallest size with two quorums meeting in f+1.
        let expected = [0: 0, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5, 7: 5, 10: 7, 100: 67]
        for (n, q) in expected { #expect(QuorumCertificate.quorum(memberCount: n) == q, "n = \(n)") }
        for n in 1...200 {
            let f = (n - 1) / 3
            let q = QuorumCertificate.quorum(memberCount: n)
            #expect(2 * q - n >= f + 1, "n = \(n): quorums must intersect in an honest member")
            #expect(q <= n - f, "n = \(n): the honest members alone must reach a quorum")
        }
        #expect(QuorumCertificate.quorum(memberCount: -3) == 0)
    }

    @Test func acceptsAQuorumOfValidVotes() throws {
        let (members, _) = Self.keys()
        let set = Self.memberSet(members)
        for count in [5, 6, 7] {
            let certificate = QuorumCertificate(votes: members.prefix(count).map { Self.vote.signed(by: $0) })
            try certificate.verify(members: set, quorum: 5, phase: .commit, height: 5, blockHash: Self.blockHash)
            try certificate.verify(members: set)
            #expect(certificate.subject == Self.vote)
            // Canonical order and round trip.
            #expect(certificate.votes.map(\.voter) == certificate.votes.map(\.voter).sorted())
            let decoded = try QuorumCertificate(canonicalBytes: certificate.canonicalBytes)
            #expect(decoded == certificate)
            #expect(certificate.canonicalBytes.count == 4 + count * SignedVote.encodedByteCount)
        }
        // The order votes arrive in does not matter.
        let shuffledVotes = members.reversed().map { Self.vote.signed(by: $0) }
        #expect(
            QuorumCertificate(votes: shuffledVotes)
                == QuorumCertificate(votes: members.map { Self.vote.signed(by: $0) }))
    }

    @Test func rejectsInsufficientVotes() {
        let (members, _) = Self.keys()
        let set = Self.memberSet(members)
        Self.expectRejected(
            QuorumCertificate(votes: members.prefix(4).map { Self.vote.signed(by: $0) }), .insufficientVotes,
            members: set)
        Self.expectRejected(QuorumCertificate(votes: []), .empty, members: set)
        #expect(throws: CertificateError(.insufficientVotes, "")) {
            try QuorumCertificate(votes: members.prefix(4).map { Self.vote.signed(by: $0) }).verify(members: set)
        }
    }

    @Test func rejectsDuplicateVoters() {
        let (members, _) = Self.keys()
        // Four distinct voters plus one repeated: five votes, but not five members.
        var votes = members.prefix(4).map { Self.vote.signed(by: $0) }
        votes.append(Self.vote.signed(by: members[0]))
        Self.expectRejected(QuorumCertificate(votes: votes), .duplicateVoter, members: Self.memberSet(members))
        // The same voter with a different extension digest is still a duplicate.
        var other = members.prefix(5).map { Self.vote.signed(by: $0) }
        other.append(
            ConsensusVote(
                phase: .commit, view: 1, height: 5, blockHash: Self.blockHash, extensionDigest: Digest.sha256([1])
            )
            .signed(by: members[2]))
        Self.expectRejected(QuorumCertificate(votes: other), .duplicateVoter, members: Self.memberSet(members))
    }

    @Test func rejectsNonMembers() {
        let (members, outsiders) = Self.keys()
        let votes = (members.prefix(4) + outsiders.prefix(1)).map { Self.vote.signed(by: $0) }
        Self.expectRejected(QuorumCertificate(votes: votes), .notAMember, members: Self.memberSet(members))
    }

    @Test func rejectsBadSignatures() throws {
        let (members, _) = Self.keys()
        var votes = members.prefix(5).map { Self.vote.signed(by: $0) }
        // A flipped signature bit.
        var raw = votes[2].signature.bytes
        raw[10] ^= 1
        votes[2] = SignedVote(vote: Self.vote, voter: votes[2].voter, signature: try #require(Signature(bytes: raw)))
        Self.expectRejected(QuorumCertificate(votes: votes), .badSignature, members: Self.memberSet(members))
        // A signature made by another member.
        votes = members.prefix(5).map { Self.vote.signed(by: $0) }
        votes[1] = SignedVote(vote: Self.vote, voter: votes[1].voter, signature: votes[0].signature)
        Self.expectRejected(QuorumCertificate(votes: votes), .badSignature, members: Self.memberSet(members))
        // A signature in the wrong domain.
        votes = members.prefix(5).map { Self.vote.signed(by: $0) }
        votes[3] = SignedVote(
            vote: Self.vote, voter: members[3].publicKey,
            signature: members[3].sign(Self.vote.canonicalBytes, domain: .envelope))
        Self.expectRejected(QuorumCertificate(votes: votes), .badSignature, members: Self.memberSet(members))
    }

    @Test func rejectsMixedSubjects() {
        let (members, _) = Self.keys()
        let set = Self.memberSet(members)
        let variants = [
            ConsensusVote(phase: .prepare, view: 1, height: 5, blockHash: Self.blockHash),
            ConsensusVote(phase: .commit, view: 2, height: 5, blockHash: Self.blockHash),
            ConsensusVote(phase: .commit, view: 1, height: 6, blockHash: Self.blockHash),
            ConsensusVote(phase: .commit, view: 1, height: 5, blockHash: Digest.sha256([9])),
        ]
        for variant in variants {
            var votes = members.prefix(5).map { Self.vote.signed(by: $0) }
            votes.append(variant.signed(by: members[5]))
            // Put the odd vote first or last in voter order: either way the certificate is mixed.
            Self.expectRejected(QuorumCertificate(votes: votes), .mixedVotes, members: set)
        }
    }

    @Test func rejectsWrongExpectedHeightBlockOrPhase() {
        let (members, _) = Self.keys()
        let set = Self.memberSet(members)
        let certificate = QuorumCertificate(votes: members.prefix(5).map { Self.vote.signed(by: $0) })
        Self.expectRejected(certificate, .wrongSubject, members: set, height: 6)
        Self.expectRejected(certificate, .wrongSubject, members: set, blockHash: Digest.sha256([2]))
        #expect(throws: CertificateError(.wrongSubject, "")) {
            try certificate.verify(members: set, quorum: 5, phase: .prepare)
        }
        // A valid prepare certificate is not a commit certificate.
        let prepare = ConsensusVote(phase: .prepare, view: 1, height: 5, blockHash: Self.blockHash)
        let prepared = QuorumCertificate(votes: members.prefix(5).map { prepare.signed(by: $0) })
        #expect(throws: Never.self) { try prepared.verify(members: set, quorum: 5, phase: .prepare) }
        Self.expectRejected(prepared, .wrongSubject, members: set)
        // A signature over a commit vote does not transfer to a prepare vote.
        let forged = QuorumCertificate(
            votes: members.prefix(5).map {
                let commit = Self.vote.signed(by: $0)
                return SignedVote(vote: prepare, voter: commit.voter, signature: commit.signature)
            })
        #expect(throws: CertificateError(.badSignature, "")) {
            try forged.verify(members: set, quorum: 5, phase: .prepare)
        }
    }

    @Test func decodingRejectsUnsortedOrDuplicateVotes() throws {
        let (members, _) = Self.keys()
        let sorted = QuorumCertificate(votes: members.prefix(3).map { Self.vote.signed(by: $0) }).votes
        var encoder = CanonicalEncoder()
        encoder.encode([sorted[0], sorted[2], sorted[1]])
        let size = SignedVote.encodedByteCount
        #expect(
            throws: CanonicalDecodingError(
                .invalidValue, field: "QuorumCertificate.votes[2]", offset: 4 + 2 * size, reason: "")
        ) {
            _ = try QuorumCertificate(canonicalBytes: encoder.bytes)
        }
        encoder = CanonicalEncoder()
        encoder.encode([sorted[0], sorted[1], sorted[1]])
        #expect(
            throws: CanonicalDecodingError(
                .invalidValue, field: "QuorumCertificate.votes[2]", offset: 4 + 2 * size, reason: "")
        ) {
            _ = try QuorumCertificate(canonicalBytes: encoder.bytes)
        }
        // A count above the maximum is rejected before anything is read.
        #expect(
            throws: CanonicalDecodingError(.lengthTooLarge, field: "QuorumCertificate.votes", offset: 0, reason: "")
        ) {
            _ = try QuorumCertificate(canonicalBytes: [0x11, 0x27, 0, 0])  // 10,001
        }
        // A count the input cannot hold.
        #expect(
            throws: CanonicalDecodingError(.lengthTooLarge, field: "QuorumCertificate.votes", offset: 0, reason: "")
        ) {
            _ = try QuorumCertificate(canonicalBytes: [2, 0, 0, 0] + sorted[0].canonicalBytes)
        }
    }
}
