import SynodCore

/// A decided proposal with the commit certificate (2f+1 `.commit` votes of one view) that
/// finalized it: what the engine hands to the application and what state transfer ships.
public struct DecidedBlock<Proposal: ConsensusProposal>: Hashable, Sendable, CanonicalCodable {
    /// The height (PBFT sequence number), starting at 1.
    public let height: UInt64
    /// The decided proposal.
    public let proposal: Proposal
    /// The commit certificate.
    public let certificate: QuorumCertificate
    /// The vote extensions of COMMITs for this block in the certificate's view that this replica
    /// received (ABCI++
    /// ExtendVote). Different replicas may hold different subsets, so decided state must not
    /// depend on them; the next primary sees them in ``ProposalContext`` and may embed them in its
    /// proposal (the CometBFT pattern).
    public let extensions: [VoteExtension]
    /// The election proof of the PRE-PREPARE that proposed the block (empty for round-robin).
    public let electionProof: [UInt8]
    /// ``ConsensusProposal/proposalDigest`` of `proposal` (computed once).
    public let digest: Digest

    /// Creates a decided block (not verified here).
    public init(
        height: UInt64, proposal: Proposal, certificate: QuorumCertificate, extensions: [VoteExtension] = [],
        electionProof: [UInt8] = []
    ) {
        self.height = height
        self.proposal = proposal
        self.certificate = certificate
        self.extensions = extensions.sorted { $0.voter < $1.voter }
        self.electionProof = electionProof
        self.digest = proposal.proposalDigest
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(height)
        proposal.encode(to: &encoder)
        certificate.encode(to: &encoder)
        encoder.encode(extensions)
        encoder.encode(bytes: electionProof)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let height = try decoder.decodeUInt64(field + ".height")
        let proposal = try Proposal(from: &decoder, field: field + ".proposal")
        let certificate = try QuorumCertificate(from: &decoder, field: field + ".certificate")
        let extensions = try decoder.decodeArray(
            VoteExtension.self, field + ".extensions", maxCount: 10_000, minimumElementSize: 8)
        let proof = try decoder.decodeBytes(field + ".electionProof", maxCount: 1024)
        self.init(
            height: height, proposal: proposal, certificate: certificate, extensions: extensions, electionProof: proof)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.height == rhs.height && lhs.digest == rhs.digest && lhs.certificate == rhs.certificate
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(height)
        hasher.combine(digest)
    }
}

/// One replica's vote extension (ABCI++ ExtendVote): signed through the vote's `extensionDigest`.
public struct VoteExtension: Hashable, Sendable, CanonicalCodable {
    /// The largest vote extension decoded (4 MiB), in a COMMIT (``ConsensusMessage``) and in a
    /// ``DecidedBlock``; larger is a typed `CanonicalDecodingError` (`lengthTooLarge`).
    ///
    /// Why 4 MiB: SPDL's gradient extension of the largest registered model (`vgg`, ≈ 218k
    /// parameters) is ≈ 0.87 MB, LeNet-5's ≈ 247 KB; 4 MiB leaves room for models up to ≈ 1M
    /// parameters. It is consistent with the other limits: a COMMIT (≈ 4 MiB + 200 B) is far below
    /// the TCP transport's `maxMessageBytes` (64 MiB), and bogus extensions cost a receiver at most
    /// 4 MiB before the application's exact-dimension check drops them. A decided block carries the
    /// valid extensions of its certificate (application-checked, so each is the model's size, not
    /// this cap) and must fit one write-ahead-log record (`WALFraming.maxRecordSize`, 64 MiB):
    /// applications size-check that product (SPDL: `SPDLApplication.init` refuses models with
    /// N × extension + Δ above it).
    public static let maxBytes = 4 << 20

    /// The voter's replica index.
    public let voter: UInt32
    /// The extension bytes; SHA-256 of them is the vote's `extensionDigest`.
    public let data: [UInt8]

    /// Creates an extension.
    public init(voter: UInt32, data: [UInt8]) {
        self.voter = voter
        self.data = data
    }

    /// The digest a vote carries for `data` (`.zero` when empty).
    public static func digest(of data: [UInt8]) -> Digest { data.isEmpty ? .zero : Digest.sha256(data) }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(voter)
        encoder.encode(bytes: data)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        voter = try decoder.decodeUInt32(field + ".voter")
        data = try decoder.decodeBytes(field + ".data", maxCount: Self.maxBytes)
    }
}

extension DecidedBlock {
    /// The same block without vote-extension bytes (what the replica keeps in memory once the
    /// block was handed to the application).
    public var withoutExtensions: DecidedBlock {
        DecidedBlock(height: height, proposal: proposal, certificate: certificate, electionProof: electionProof)
    }
}
