/// Signed votes of distinct members for one (phase, view, height, block): a PBFT prepared
/// certificate (phase `.prepare`) or the commit certificate that finalizes a block (phase
/// `.commit`), Castro & Liskov §4.2 ("2f+1 matching messages"). Blocks carry their commit
/// certificate so finality can be audited offline.
///
/// Encoding: a `UInt32` count then the ``SignedVote``s (177 bytes each) in strictly increasing
/// voter-key order (at most ``maxVoteCount``). Decoding rejects any other order (which also
/// rejects duplicate voters) but does not verify signatures: call ``verify(members:quorum:phase:height:blockHash:)``.
public struct QuorumCertificate: Hashable, Sendable, CanonicalCodable {
    /// The most votes a decoded certificate may hold.
    public static let maxVoteCount = 10_000

    /// The votes, sorted by voter key (canonical order).
    public let votes: [SignedVote]

    /// Builds a certificate from votes, putting them in canonical order. Does not verify or
    /// deduplicate (a certificate with a repeated voter fails ``verify(members:quorum:phase:height:blockHash:)``
    /// and its encoding does not decode).
    public init(votes: [SignedVote]) {
        self.votes = votes.sorted { $0.voter < $1.voter }
    }

    /// The phase, view, height and block of the first vote (all votes must agree: see ``verify(members:quorum:phase:height:blockHash:)``).
    public var subject: ConsensusVote? { votes.first?.vote }

    /// The quorum size for `n` members tolerating `f = ⌊(n−1)/3⌋` Byzantine members: `n − f`
    /// (= 2f+1 when n = 3f+1; Castro & Liskov §2 and §4.2). Any two quorums then intersect in at
    /// least `f + 1` members, hence in an honest one. Returns 0 for `n ≤ 0`.
    public static func quorum(memberCount n: Int) -> Int {
        guard n > 0 else { return 0 }
        return n - (n - 1) / 3
    }

    /// Checks that the certificate holds at least `quorum` valid signatures of distinct members
    /// of `members`, all on the same `(phase, view, height, blockHash)`, matching the expected
    /// values when given. Throws the first problem found, checked per vote in order: subject,
    /// membership, duplicate, signature; then the count.
    public func verify(
        members: Set<PublicKey>, quorum: Int, phase: ConsensusVote.Phase? = nil, height: UInt64? = nil,
        blockHash: Digest? = nil
    ) throws(CertificateError) {
        guard let subject else { throw CertificateError(.empty, "certificate has no votes") }
        if let phase, subject.phase != phase {
            throw CertificateError(.wrongSubject, "certificate is for phase \(subject.phase), expected \(phase)")
        }
        if let height, subject.height != height {
            throw CertificateError(.wrongSubject, "certificate is for height \(subject.height), expected \(height)")
        }
        if let blockHash, subject.blockHash != blockHash {
            throw CertificateError(
                .wrongSubject, "certificate is for block \(subject.blockHash.short), expected \(blockHash.short)")
        }
        var seen = Set<PublicKey>()
        for (index, signed) in votes.enumerated() {
            let vote = signed.vote
            guard vote.phase == subject.phase, vote.view == subject.view, vote.height == subject.height,
                vote.blockHash == subject.blockHash
            else {
                throw CertificateError(.mixedVotes, "vote \(index) by \(signed.voter) is for a different subject")
            }
            guard members.contains(signed.voter) else {
                throw CertificateError(.notAMember, "vote \(index) is signed by \(signed.voter), not a member")
            }
            guard seen.insert(signed.voter).inserted else {
                throw CertificateError(.duplicateVoter, "vote \(index): \(signed.voter) voted twice")
            }
            guard signed.isValid else {
                throw CertificateError(.badSignature, "vote \(index) by \(signed.voter): invalid signature")
            }
        }
        guard seen.count >= quorum else {
            throw CertificateError(.insufficientVotes, "\(seen.count) distinct votes, quorum is \(quorum)")
        }
    }

    /// ``verify(members:quorum:phase:height:blockHash:)`` with the quorum of the member set,
    /// ``quorum(memberCount:)`` of `members.count`.
    public func verify(
        members: Set<PublicKey>, phase: ConsensusVote.Phase? = nil, height: UInt64? = nil, blockHash: Digest? = nil
    ) throws(CertificateError) {
        try verify(
            members: members, quorum: QuorumCertificate.quorum(memberCount: members.count), phase: phase,
            height: height, blockHash: blockHash)
    }

    /// Writes the count and the votes in canonical order.
    public func encode(to encoder: inout CanonicalEncoder) { encoder.encode(votes) }

    /// Reads a certificate; votes out of strictly increasing voter order are `.invalidValue` at
    /// `field.votes[i]` (the offset of the first out-of-order vote).
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let decoded = try decoder.decodeArray(
            SignedVote.self, field + ".votes", maxCount: QuorumCertificate.maxVoteCount,
            minimumElementSize: SignedVote.encodedByteCount)
        for index in decoded.indices.dropFirst() where !(decoded[index - 1].voter < decoded[index].voter) {
            throw decoder.error(
                .invalidValue, field + ".votes[\(index)]",
                "votes are not in strictly increasing voter order (duplicate or unsorted voter)",
                at: start + 4 + index * SignedVote.encodedByteCount)
        }
        votes = decoded
    }
}
