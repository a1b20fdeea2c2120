import SynodCore
import Testing

@testable import SynodLedger

@Suite struct TransactionTests {
    static func keys() -> [SigningKey] { ChainBuilder.memberKeys(seed: 7, count: 3) }

    static func samples() -> [Transaction] {
        let keys = keys()
        let vote = ConsensusVote(phase: .commit, view: 2, height: 5, blockHash: Digest.sha256([1]))
        let other = ConsensusVote(phase: .commit, view: 2, height: 5, blockHash: Digest.sha256([2]))
        return [
            .registerMember(
                MemberRegistration(
                    chainID: "c", key: keys[0], address: "10.0.0.1:7000", vrfPublicKey: [UInt8](repeating: 9, count: 32)
                )),
            .transfer(ValueTransfer(chainID: "c", from: keys[1], to: keys[2].nodeID, amount: 10, nonce: 3)),
            .payload(
                ProtocolPayload(
                    module: "spdl", kind: 7, body: [1, 2, 3],
                    blobs: [BlobReference(bytes: [4, 5]), BlobReference(bytes: [6])])),
            .evidence(.conflictingVotes(vote.signed(by: keys[0]), other.signed(by: keys[0]))),
            .evidence(
                .conflictingStatements(
                    SignedStatement(domain: "spdl/gradient", payload: [0, 0, 1, 9], key: keys[1]),
                    SignedStatement(domain: "spdl/gradient", payload: [0, 0, 1, 8], key: keys[1]), slotLength: 3)),
        ]
    }

    @Test func roundTripsEveryCase() throws {
        for transaction in Self.samples() {
            let decoded = try Transaction(canonicalBytes: transaction.canonicalBytes)
            #expect(decoded == transaction)
            #expect(decoded.id == transaction.id)
        }
    }

    @Test func unknownTagAndTrailingBytesAreRejected() {
        var bytes = Self.samples()[1].canonicalBytes
        bytes[0] = 9
        #expect(throws: CanonicalDecodingError.self) { try Transaction(canonicalBytes: bytes) }
        #expect(throws: CanonicalDecodingError.self) {
            try Transaction(canonicalBytes: Self.samples()[1].canonicalBytes + [0])
        }
        #expect(throws: CanonicalDecodingError.self) {
            try Transaction(canonicalBytes: Array(Self.samples()[2].canonicalBytes.dropLast()))
        }
    }

    @Test func everyTruncationIsATypedError() {
        for transaction in Self.samples() {
            let bytes = transaction.canonicalBytes
            for length in 0..<bytes.count {
                #expect(throws: CanonicalDecodingError.self) {
                    try Transaction(canonicalBytes: Array(bytes.prefix(length)))
                }
            }
        }
    }

    @Test func invalidModuleNameIsRejectedWhenDecoding() {
        let payload = ProtocolPayload(module: "Bad Name", kind: 1, body: [])
        #expect(throws: CanonicalDecodingError.self) { try ProtocolPayload(canonicalBytes: payload.canonicalBytes) }
        #expect(ProtocolPayload.isValidModuleName("spdl.v1_x-2"))
        #expect(!ProtocolPayload.isValidModuleName(""))
        #expect(!ProtocolPayload.isValidModuleName(String(repeating: "a", count: 65)))
    }

    @Test func signaturesCoverTheBody() {
        let keys = Self.keys()
        let transfer = ValueTransfer(chainID: "c", from: keys[1], to: keys[2].nodeID, amount: 10, nonce: 3)
        #expect(transfer.hasValidSignature)
        let altered = ValueTransfer(
            body: .init(chainID: "c", from: keys[1].publicKey, to: keys[2].nodeID, amount: 11, nonce: 3),
            signature: transfer.signature)
        #expect(!altered.hasValidSignature)
        let registration = MemberRegistration(
            chainID: "c", key: keys[0], address: "a", vrfPublicKey: [UInt8](repeating: 0, count: 32))
        #expect(registration.hasValidSignature)
        let stolen = MemberRegistration(
            body: .init(
                chainID: "c", publicKey: keys[1].publicKey, address: "a", vrfPublicKey: registration.body.vrfPublicKey),
            signature: registration.signature)
        #expect(!stolen.hasValidSignature)
    }

    @Test func evidenceValidity() {
        let keys = Self.keys()
        let samples = Self.samples()
        guard case .evidence(let votes) = samples[3], case .evidence(let statements) = samples[4] else {
            Issue.record("sample order changed")
            return
        }
        #expect(votes.invalidityReason() == nil)
        #expect(statements.invalidityReason() == nil)
        #expect(votes.offender == keys[0].publicKey)
        let vote = ConsensusVote(phase: .commit, view: 2, height: 5, blockHash: Digest.sha256([1]))
        let later = ConsensusVote(phase: .commit, view: 3, height: 5, blockHash: Digest.sha256([2]))
        // Different views: not an equivocation.
        #expect(
            Evidence.conflictingVotes(vote.signed(by: keys[0]), later.signed(by: keys[0])).invalidityReason() != nil)
        // Different voters.
        let other = ConsensusVote(phase: .commit, view: 2, height: 5, blockHash: Digest.sha256([2]))
        #expect(
            Evidence.conflictingVotes(vote.signed(by: keys[0]), other.signed(by: keys[1])).invalidityReason() != nil)
        // Same vote twice.
        #expect(Evidence.conflictingVotes(vote.signed(by: keys[0]), vote.signed(by: keys[0])).invalidityReason() != nil)
        // A forged signature.
        let forged = SignedVote(vote: other, voter: keys[0].publicKey, signature: vote.signed(by: keys[0]).signature)
        #expect(Evidence.conflictingVotes(vote.signed(by: keys[0]), forged).invalidityReason() != nil)
        // Statements for different slots.
        let a = SignedStatement(domain: "d", payload: [1, 0], key: keys[1])
        let b = SignedStatement(domain: "d", payload: [2, 0], key: keys[1])
        #expect(Evidence.conflictingStatements(a, b, slotLength: 1).invalidityReason() != nil)
        #expect(Evidence.conflictingStatements(a, b, slotLength: 0).invalidityReason() == nil)
        #expect(Evidence.conflictingStatements(a, b, slotLength: 5).invalidityReason() != nil)
    }
}
