import Crypto
import Foundation
import Testing

@testable import SynodCore

/// Ed25519 keys against RFC 8032 §7.1 and the domain-prefixed signing of ``SigningKey/sign(_:domain:)``.
@Suite struct SigningKeyTests {
    // RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
    static let test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let test1Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let test1Signature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    static let test2Seed = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
    static let test2Public = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
    static let test2Signature =
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"

    @Test(arguments: [
        (test1Seed, test1Public, "", test1Signature), (test2Seed, test2Public, "72", test2Signature),
    ])
    func rfc8032KnownAnswers(seedHex: String, publicHex: String, messageHex: String, signatureHex: String) throws {
        let key = try SigningKey(seed: try #require(Hex.decode(seedHex)))
        // Key derivation (RFC 8032 §5.1.5).
        #expect(key.publicKey.hex == publicHex)
        #expect(key.seed == Hex.decode(seedHex))
        // The raw RFC signature over the bare message, through swift-crypto (deterministic on Linux).
        let message = try #require(Hex.decode(messageHex))
        let raw = try Curve25519.Signing.PrivateKey(rawRepresentation: key.seed)
        let rawSignature = Array(try raw.signature(for: Data(message)))
        #expect(Hex.encode(rawSignature) == signatureHex)
        let rawPublic = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Hex.decode(publicHex)))
        #expect(rawPublic.isValidSignature(Data(try #require(Hex.decode(signatureHex))), for: Data(message)))
        // Synod's API signs the domain-prefixed message: exactly the raw signature of those bytes.
        let domain = SigningDomain("test")
        let signature = key.sign(message, domain: domain)
        #expect(signature.bytes == Array(try raw.signature(for: Data(domain.message(for: message)))))
        #expect(signature.bytes != rawSignature)
        #expect(rawPublic.isValidSignature(Data(signature.bytes), for: Data(domain.message(for: message))))
        #expect(!rawPublic.isValidSignature(Data(signature.bytes), for: Data(message)))
        #expect(key.publicKey.isValidSignature(signature, for: message, domain: domain))
        // The bare RFC signature is not valid in any Synod domain.
        #expect(
            !key.publicKey.isValidSignature(try #require(Signature(bytes: rawSignature)), for: message, domain: domain))
    }

    @Test func signingIsDeterministic() throws {
        let key = try SigningKey(seed: try #require(Hex.decode(Self.test1Seed)))
        #expect(key.sign([1, 2, 3], domain: .envelope) == key.sign([1, 2, 3], domain: .envelope))
        #expect(key.sign([1, 2, 3], domain: .envelope) != key.sign([1, 2, 3], domain: .transaction))
    }

    @Test func seededKeysAreReproducibleAndDistinct() throws {
        var a = SeededRandom(seed: 11)
        var b = SeededRandom(seed: 11)
        let keysA = (0..<5).map { _ in SigningKey(using: &a) }
        let keysB = (0..<5).map { _ in SigningKey(using: &b) }
        #expect(keysA.map(\.publicKey) == keysB.map(\.publicKey))
        #expect(Set(keysA.map(\.publicKey)).count == 5)
        // The seed is the next 32 bytes of the generator.
        var c = SeededRandom(seed: 11)
        var seed = [UInt8](repeating: 0, count: 32)
        c.fill(&seed)
        #expect(keysA[0].seed == seed)
        #expect(try SigningKey(seed: keysA[3].seed).publicKey == keysA[3].publicKey)
        // Fresh OS-random keys differ.
        #expect(SigningKey().publicKey != SigningKey().publicKey)
    }

    @Test func wrongSeedLengthsAreRejected() {
        for count in [0, 31, 33, 64] {
            #expect(throws: IdentityError(.invalidSecretKey, "")) {
                _ = try SigningKey(seed: [UInt8](repeating: 1, count: count))
            }
        }
    }

    @Test func descriptionsNeverShowTheSecret() throws {
        let key = try SigningKey(seed: try #require(Hex.decode(Self.test1Seed)))
        for text in [key.description, String(reflecting: key), "\(key)"] {
            #expect(!text.contains("9d61b19d"), "\(text)")
            #expect(text.contains(key.nodeID.description))
        }
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("9d61b19d"))
        #expect(!dumped.lowercased().contains("157, 97, 177"))  // the seed's first bytes in decimal
    }
}
