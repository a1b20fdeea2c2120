/// 2f+1 signed votes of distinct members for one (phase, view, height, block): a PBFT prepared
/// certificate (phase `.prepare`) or the commit certificate that finalizes a block (phase
/// `.commit`). Blocks carry their commit certificate so finality can be audited offline
/// (DESIGN principle 4).
public struct QuorumCertificate: Hashable, Sendable, CanonicalCodable {
    /// The votes, sorted by voter key (canonical order).
    public let votes: [SignedVote]

    /// Builds a certificate from votes, putting them in canonical order. Does not verify.
    public init(votes: [SignedVote]) {
        self.votes = votes.sorted { $0.voter < $1.voter }
    }

    /// The phase, view, height and block of the first vote (all votes must agree: see ``verify``).
    public var subject: ConsensusVote? { votes.first?.vote }

    /// The quorum size for `n` members tolerating `f = ⌊(n−1)/3⌋` faults: `n − f` (= 2f+1 when n = 3f+1).
    public static func quorum(memberCount n: Int) -> Int { n - (n - 1) / 3 }

    /// Checks that the certificate holds at least `quorum` valid signatures of distinct members
    /// of `members` on the same `(phase, height, blockHash)` (and the same view), matching the
    /// expected values when given.
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

    public func encode(to encoder: inout CanonicalEncoder) { encoder.encode(votes) }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let decoded = try decoder.decodeArray(
            SignedVote.self, field + ".votes", maxCount: 10_000, minimumElementSize: 170)
        for index in decoded.indices.dropFirst() where !(decoded[index - 1].voter < decoded[index].voter) {
            throw decoder.error(
                .invalidValue, field + ".votes", "votes are not in strictly increasing voter order", at: start)
        }
        votes = decoded
    }
}

/// Why a certificate failed verification.
public struct CertificateError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The failure's code.
    public enum Code: String, Hashable, Sendable {
        case empty, wrongSubject, mixedVotes, notAMember, duplicateVoter, badSignature, insufficientVotes
    }

    /// The code; equality compares only this.
    public let code: Code
    /// What exactly failed.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
