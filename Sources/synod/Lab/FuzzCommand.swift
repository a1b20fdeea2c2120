import ArgumentParser
import SynodCore
import SynodTransport

/// `synod fuzz frames`: seeded mutation fuzzing of the transport's frame decoder and handshake.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz", abstract: "Fuzz input parsers outside CI (seeded, reproducible).",
        subcommands: [FuzzFramesCommand.self]
    )

}

/// `synod fuzz frames --seconds N --seed S [--iterations K]`.
struct FuzzFramesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frames",
        abstract: "Mutate genuine transport traffic (frames, handshake, ciphertexts) and check the oracles.",
        discussion: """
            Feeds mutated byte streams to the responder pipeline (frame decoder, handshake, \
            ChaCha20-Poly1305, chunk reassembly) and mutated Replies to the initiator. Checks that \
            nothing crashes, every failure is a typed error, delivered messages are a prefix of the \
            genuine ones, and no mutated Reply is accepted. Prints a JSON report; exit status 1 if \
            an oracle was violated.
            """
    )

    @Option(name: .long, help: "Run for this many seconds (default 10).")
    var seconds: Double = 10

    @Option(name: .long, help: "Stop after this many inputs instead (overrides --seconds).")
    var iterations: Int?

    @Option(name: .long, help: "Seed of the genuine traffic and of the mutations.")
    var seed: UInt64 = 1

    func validate() throws {
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw ValidationError("--seconds must be in (0, 86400], got \(seconds)")
        }
        if let iterations, iterations <= 0 {
            throw ValidationError("--iterations must be positive, got \(iterations)")
        }
    }

    func run() throws {
        let fuzzer: TransportFuzzer
        do {
            fuzzer = try TransportFuzzer(seed: seed)
        } catch {
            throw ValidationError("could not build the genuine traffic: \(error)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .nanoseconds(Int64(seconds * 1e9)))
        let limit = iterations
        let report = fuzzer.run { done in
            if let limit { return done < limit }
            return done % 256 != 0 || clock.now < deadline
        }
        let elapsed = start.duration(to: clock.now)
        let secondsElapsed =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rejected = report.rejected.keys.sorted().map { "\"\($0.rawValue)\": \(report.rejected[$0] ?? 0)" }
        let violations = report.violations.map { "\"\($0)\"" }
        print(
            """
            {"target": "frames", "seed": \(seed), "iterations": \(report.iterations), \
            "seconds": \((secondsElapsed * 10).rounded() / 10), \
            "iterationsPerSecond": \(Int(Double(report.iterations) / max(secondsElapsed, 1e-9))), \
            "acceptedStreams": \(report.acceptedStreams), "rejected": {\(rejected.joined(separator: ", "))}, \
            "violationCount": \(report.violationCount), "violations": [\(violations.joined(separator: ", "))]}
            """)
        if report.violationCount > 0 { throw ExitCode(1) }
    }
}
