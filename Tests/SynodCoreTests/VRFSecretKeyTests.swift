import Crypto
import Testing

@testable import SynodCore

/// Secret keys: seed handling and determinism.
@Suite struct VRFSecretKeyTests {
    @Test func rejectsWrongSeedLengths() {
        for count in [0, 16, 31, 33, 64] {
            #expect(throws: VRFError(.invalidLength, "")) {
                try VRFSecretKey(seed: [UInt8](repeating: 1, count: count))
            }
        }
    }

    @Test func publicKeyMatchesEd25519DerivationAndIsDeterministic() throws {
        var rng = SeededRandom(seed: 51)
        var copy = rng
        let key = VRFSecretKey(using: &rng)
        let again = VRFSecretKey(using: &copy)
        #expect(key.publicKey == again.publicKey)
        #expect(key.seed == again.seed)
        let ed25519 = try Curve25519.Signing.PrivateKey(rawRepresentation: key.seed)
        #expect(key.publicKey.bytes == Array(ed25519.publicKey.rawRepresentation))
        #expect(key.prove([]) == again.prove([]))
        let other = VRFSecretKey(using: &rng)
        #expect(other.publicKey != key.publicKey)
        #expect(other.prove([]).beta != key.prove([]).beta)
    }

    @Test func systemRandomKeysAreFreshAndWork() {
        let first = VRFSecretKey()
        let second = VRFSecretKey()
        #expect(first.publicKey != second.publicKey)
        let proof = first.prove([42])
        #expect(first.publicKey.verify(proof, alpha: [42]) == proof.beta)
        #expect(second.publicKey.verify(proof, alpha: [42]) == nil)
    }
}
