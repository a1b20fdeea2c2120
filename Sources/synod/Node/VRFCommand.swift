import ArgumentParser
import Foundation
import SynodCore

/// `synod vrf prove|verify`: ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381 suite 0x03) from the shell.
struct VRFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vrf", abstract: "Make and check ECVRF proofs (RFC 9381, ECVRF-EDWARDS25519-SHA512-TAI).",
        subcommands: [VRFProveCommand.self, VRFVerifyCommand.self]
    )

    /// Decodes a hex option, or exits with status 2 naming the option.
    static func decodeHex(_ text: String?, option: String, count: Int?) throws(ExitCode) -> [UInt8] {
        guard let text else { throw malformed("missing \(option)") }
        guard let bytes = Hex.decode(text) else {
            throw malformed("\(option) is not hex (an even number of 0-9a-f digits)")
        }
        if let count, bytes.count != count {
            throw malformed("\(option) must be \(count) bytes (\(2 * count) hex digits), got \(bytes.count)")
        }
        return bytes
    }

    /// Prints `message` on stderr and returns exit status 2.
    static func malformed(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }

    /// Writes one line to stderr.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// `synod vrf prove --secret-key HEX32 --alpha HEX`.
struct VRFProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove alpha under a secret key; prints {\"publicKey\", \"proof\", \"beta\"} as JSON.",
        discussion: "Exit status 0 on success, 2 on malformed input (message on stderr)."
    )

    @Option(name: .long, help: "The 32-byte RFC 8032 secret key, hex.")
    var secretKey: String?

    @Option(name: .long, help: "The VRF input alpha, hex (may be empty: --alpha \"\").")
    var alpha: String?

    func run() throws {
        let seed = try VRFCommand.decodeHex(secretKey, option: "--secret-key", count: 32)
        let alphaBytes = try VRFCommand.decodeHex(alpha, option: "--alpha", count: nil)
        let key: VRFSecretKey
        do {
            key = try VRFSecretKey(seed: seed)
        } catch {
            throw VRFCommand.malformed("--secret-key: \(error.reason)")
        }
        let proof = key.prove(alphaBytes)
        print(
            "{\"publicKey\": \"\(key.publicKey.hex)\", \"proof\": \"\(proof.hex)\", "
                + "\"beta\": \"\(Hex.encode(proof.beta))\"}")
    }
}

/// `synod vrf verify --public-key HEX --proof HEX --alpha HEX`.
struct VRFVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a proof; prints {\"valid\", \"beta\"} as JSON.",
        discussion: """
            Exit status 0 if the proof is valid, 1 if it is not (including a public key or proof \
            that is well-formed hex of the right length but not a valid point or scalar, as \
            RFC 9381 §5.3 outputs INVALID; the reason goes to stderr), 2 on malformed input \
            (missing option, bad hex, wrong length; message on stderr).
            """
    )

    @Option(name: .long, help: "The 32-byte public key, hex.")
    var publicKey: String?

    @Option(name: .long, help: "The 80-byte proof pi, hex.")
    var proof: String?

    @Option(name: .long, help: "The VRF input alpha, hex (may be empty: --alpha \"\").")
    var alpha: String?

    func run() throws {
        let keyBytes = try VRFCommand.decodeHex(publicKey, option: "--public-key", count: VRFPublicKey.byteCount)
        let proofBytes = try VRFCommand.decodeHex(proof, option: "--proof", count: VRFProof.byteCount)
        let alphaBytes = try VRFCommand.decodeHex(alpha, option: "--alpha", count: nil)
        let beta: [UInt8]?
        do {
            let key = try VRFPublicKey(bytes: keyBytes)
            let parsed = try VRFProof(bytes: proofBytes)
            beta = key.verify(parsed, alpha: alphaBytes)
            if beta == nil { VRFCommand.printError("invalid: the proof does not verify for this key and alpha") }
        } catch {
            VRFCommand.printError("invalid: \(error.reason)")
            beta = nil
        }
        if let beta {
            print("{\"valid\": true, \"beta\": \"\(Hex.encode(beta))\"}")
        } else {
            print("{\"valid\": false, \"beta\": null}")
            throw ExitCode(1)
        }
    }
}
