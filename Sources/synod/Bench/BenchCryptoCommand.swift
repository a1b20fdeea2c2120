import ArgumentParser
import SynodCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `synod bench crypto`: single-thread throughput of Ed25519, ECVRF and SHA-256, as JSON.
///
/// Each rate is reported twice: per wall-clock second (the top-level keys) and per second of
/// this thread's CPU time (`perThreadCPUSecond`). On a shared, loaded machine the second is the
/// meaningful "one core" figure; `cpuShare` says how much of the wall time the thread ran.
/// ECVRF verify includes decoding the 80-byte proof; Ed25519 uses ``SigningKey`` (swift-crypto,
/// BoringSSL) on 32-byte payloads with a signing domain.
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
        // Verification starts from the 80 proof bytes, as a node receives them from a peer.
        let proofs = messages.map { vrfKey.prove($0).bytes }
        let prove = measure { i in sink &+= UInt64(vrfKey.prove(messages[i % inputCount]).bytes[0]) }
        let vrfVerify = measure { i in
            let j = i % inputCount
            if let proof = try? VRFProof(bytes: proofs[j]),
                let beta = vrfKey.publicKey.verify(proof, alpha: messages[j])
            {
                sink &+= UInt64(beta[0])
            }
        }

        var block = [UInt8](repeating: 0, count: 1 << 20)
        rng.fill(&block)
        let hashes = measure { _ in sink &+= UInt64(Digest.sha256(block).bytes[0]) }
        let megabytes = Double(block.count) / 1e6
        let cpuShare =
            (sign.cpuSeconds + verify.cpuSeconds + prove.cpuSeconds + vrfVerify.cpuSeconds + hashes.cpuSeconds)
            / (sign.wallSeconds + verify.wallSeconds + prove.wallSeconds + vrfVerify.wallSeconds + hashes.wallSeconds)

        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        func rates(_ rate: (Measurement) -> Double) -> String {
            """
            "ed25519SignPerSecond": \(Int(rate(sign).rounded())), \
            "ed25519VerifyPerSecond": \(Int(rate(verify).rounded())), \
            "ecvrfProvePerSecond": \(Int(rate(prove).rounded())), \
            "ecvrfVerifyPerSecond": \(Int(rate(vrfVerify).rounded())), \
            "sha256MBPerSecond": \((rate(hashes) * megabytes * 10).rounded() / 10)
            """
        }
        print(
            """
            {"benchmark": "crypto", "build": "\(build)", "threads": 1, "secondsPerMeasurement": \(seconds), \
            \(rates(\.perWallSecond)), "sha256InputBytes": \(block.count), \
            "perThreadCPUSecond": {\(rates(\.perCPUSecond))}, \
            "cpuShare": \((cpuShare * 1000).rounded() / 1000), "checksum": \(sink % 1000)}
            """)
    }

    /// Operations counted over a measured interval.
    struct Measurement {
        let count: Int
        let wallSeconds: Double
        let cpuSeconds: Double
        var perWallSecond: Double { Double(count) / wallSeconds }
        var perCPUSecond: Double { Double(count) / max(cpuSeconds, 1e-9) }
    }

    /// This thread's CPU time in seconds.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Runs `operation(i)` for i = 0, 1, … until `seconds` of wall time have passed.
    private func measure(_ operation: (Int) -> Void) -> Measurement {
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = Self.threadCPUSeconds()
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
        let cpuSeconds = Self.threadCPUSeconds() - cpuStart
        let (wholeSeconds, attoseconds) = elapsed.components
        return Measurement(
            count: count, wallSeconds: Double(wholeSeconds) + Double(attoseconds) / 1e18, cpuSeconds: cpuSeconds)
    }
}
