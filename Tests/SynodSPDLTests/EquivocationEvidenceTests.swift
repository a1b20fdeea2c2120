import SynodCore
import Testing

@testable import SynodSPDL

@Suite struct EquivocationEvidenceTests {
    let key = SPDLTestSupport.keys(1)[0]
    let parentA = Digest.sha256(Array("block A".utf8))
    let parentB = Digest.sha256(Array("block B".utf8))

    func signed(round: UInt64 = 5, parent: Digest, _ vector: [Float], by signer: SigningKey? = nil) -> SignedGradient {
        let k = signer ?? key
        return SignedGradient(
            GradientCommitment(round: round, parent: parent, sender: k.nodeID, gradient: vector), key: k,
            domain: .spdlGradient)
    }

    @Test func twoVectorsOnTheSameParentAreEvidence() throws {
        let e = try #require(EquivocationEvidence(signed(parent: parentA, [1, 2]), signed(parent: parentA, [1, 3])))
        #expect(e.offender == key.nodeID)
        #expect(e.round == 5)
        #expect(e.parent == parentA)
        #expect(e.invalidityReason() == nil)
        #expect(try EquivocationEvidence(canonicalBytes: e.canonicalBytes) == e)
    }

    @Test func twoVectorsOnTwoParentsAreNotEvidence() {
        // An honest replica that COMMITs two blocks at one height signs one gradient on each.
        #expect(EquivocationEvidence(signed(parent: parentA, [1, 2]), signed(parent: parentB, [1, 3])) == nil)
    }

    @Test func theSameVectorTwiceDifferentRoundsOrSendersAreNotEvidence() {
        #expect(EquivocationEvidence(signed(parent: parentA, [1, 2]), signed(parent: parentA, [1, 2])) == nil)
        #expect(
            EquivocationEvidence(signed(round: 5, parent: parentA, [1, 2]), signed(round: 6, parent: parentA, [1, 3]))
                == nil)
        let other = SPDLTestSupport.keys(2)[1]
        #expect(
            EquivocationEvidence(signed(parent: parentA, [1, 2]), signed(parent: parentA, [1, 3], by: other)) == nil)
    }

    @Test func aForgedSignatureIsNotEvidence() throws {
        let good = signed(parent: parentA, [1, 2])
        let other = SPDLTestSupport.keys(2)[1]
        // The payload names `key` as sender but `other` signed it.
        let forged = SignedGradient(
            GradientCommitment(round: 5, parent: parentA, sender: key.nodeID, gradient: [9, 9]), key: other,
            domain: .spdlGradient)
        #expect(EquivocationEvidence(good, forged) == nil)
    }

    @Test func theCommitmentEncodingIncludesTheParent() throws {
        let a = signed(parent: parentA, [1, 2])
        let b = signed(parent: parentB, [1, 2])
        #expect(a.payload.canonicalBytes != b.payload.canonicalBytes)
        #expect(try GradientCommitment(canonicalBytes: a.payload.canonicalBytes) == a.payload)
        var short = CanonicalDecoder(bytes: Array(a.payload.canonicalBytes.dropLast(3)))
        #expect(throws: CanonicalDecodingError.self) { try GradientCommitment(from: &short, field: "c") }
    }
}
