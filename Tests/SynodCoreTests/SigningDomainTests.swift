import Testing

@testable import SynodCore

/// The signing-domain prefix format: `u32le(len) ‖ "synod/v1/<name>" ‖ payload`.
@Suite struct SigningDomainTests {
    @Test func messageIsLengthPrefixedDomainThenPayload() {
        let prefix = Array("synod/v1/envelope".utf8)
        #expect(prefix.count == 17)
        #expect(SigningDomain.envelope.message(for: [0xAA, 0xBB]) == [17, 0, 0, 0] + prefix + [0xAA, 0xBB])
        #expect(SigningDomain.envelope.message(for: []) == [17, 0, 0, 0] + prefix)
        #expect(
            SigningDomain.consensusVote.message(for: [1])
                == [23, 0, 0, 0] + Array("synod/v1/consensus/vote".utf8) + [1])
        #expect(SigningDomain.transaction.name == "ledger/transaction")
        #expect(SigningDomain("pbft/commit").description == "pbft/commit")
    }

    @Test func domainsCannotCollideByShiftingBytesIntoThePayload() {
        // Without the length prefix, ("a", "b…") and ("ab", "…") would sign the same bytes.
        #expect(SigningDomain("a").message(for: Array("b".utf8)) != SigningDomain("ab").message(for: []))
        var rng = SeededRandom(seed: 0x5EED)
        let key = SigningKey(using: &rng)
        let signature = key.sign(Array("b".utf8), domain: SigningDomain("a"))
        #expect(!key.publicKey.isValidSignature(signature, for: [], domain: SigningDomain("ab")))
        #expect(key.publicKey.isValidSignature(signature, for: Array("b".utf8), domain: SigningDomain("a")))
    }
}
