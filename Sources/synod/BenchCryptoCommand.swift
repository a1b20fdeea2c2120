import ArgumentParser
import SynodCore

/// `synod bench crypto`: single-thread throughput of Ed25519, ECVRF and SHA-256, as JSON.
struct BenchCryptoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto",
        abstract: "Ed25519 sign/verify, ECVRF prove/verify per second and SHA-256 MB/s (one thread).")

    @Option(name: .long, help: "Seconds per measurement.")
    var seconds = 1.0

    @Option(name: .long, help: "Seed for the keys and inputs.")
    var seed: UInt64 = 1

    func validate() throws {
        guard seconds.isFinite, seconds >= 0.01, seconds <= 600 else {
            throw ValidationError("--seconds must be in 0.01...600, got \(seconds)")
        }
    }

    func run() throws {
        var rng = SeededRandom(seed: seed)
        let inputCount = 16
        var messages: [[UInt8]] = []
        for _ in 0..<inputCount {
            var message = [UInt8](repeating: 0, count: 32)
            rng.fill(&message)
            messages.append(message)
        }
        var sink: UInt64 = 0

        let signingKey = SigningKey(using: &rng)
        let domain = SigningDomain("bench")
        let signatures = messages.map { signingKey.sign($0, domain: domain) }
        let sign = measure { i in
            sink &+= UInt64(signingKey.sign(messages[i % inputCount], domain: domain).bytes[0])
        }
        let verify = measure { i in
            let j = i % inputCount
            if signingKey.publicKey.isValidSignature(signatures[j], for: messages[j], domain: domain) { sink &+= 1 }
        }

        let vrfKey = VRFSecretKey(using: &rng)
        let proofs = messages.map { vrfKey.prove($0) }
        let prove = measure { i in sink &+= UInt64(vrfKey.prove(messages[i % inputCount]).bytes[0]) }
        let vrfVerify = measure { i in
            let j = i % inputCount
            if let beta = vrfKey.publicKey.verify(proofs[j], alpha: messages[j]) { sink &+= UInt64(beta[0]) }
        }

        var block = [UInt8](repeating: 0, count: 1 << 20)
        rng.fill(&block)
        let hashes = measure { _ in sink &+= UInt64(Digest.sha256(block).bytes[0]) }
        let megabytesPerSecond = hashes * Double(block.count) / 1e6

        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        print(
            """
            {"benchmark": "crypto", "build": "\(build)", "threads": 1, "secondsPerMeasurement": \(seconds), \
            "ed25519SignPerSecond": \(Int(sign.rounded())), "ed25519VerifyPerSecond": \(Int(verify.rounded())), \
            "ecvrfProvePerSecond": \(Int(prove.rounded())), "ecvrfVerifyPerSecond": \(Int(vrfVerify.rounded())), \
            "sha256MBPerSecond": \((megabytesPerSecond * 10).rounded() / 10), "sha256InputBytes": \(block.count), \
            "checksum": \(sink % 1000)}
            """)
    }

    /// Runs `operation(i)` for i = 0, 1, … until `seconds` have passed; returns operations per second.
    private func measure(_ operation: (Int) -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.nanoseconds(Int64(seconds * 1e9))
        var count = 0
        var elapsed = Duration.zero
        repeat {
            for _ in 0..<4 {
                operation(count)
                count += 1
            }
            elapsed = clock.now - start
        } while elapsed < budget
        let (wholeSeconds, attoseconds) = elapsed.components
        return Double(count) / (Double(wholeSeconds) + Double(attoseconds) / 1e18)
    }
}
