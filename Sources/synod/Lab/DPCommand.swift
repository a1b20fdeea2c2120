import ArgumentParser
import Foundation
import SynodRobust

/// `synod dp …`: differential-privacy accounting and noise calibration.
struct DPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dp", abstract: "Differential privacy: RDP accounting and Gaussian noise calibration.",
        subcommands: [DPEpsilonCommand.self, DPSigmaCommand.self])
}

/// `synod dp epsilon`: ε of DP-SGD (Poisson-subsampled Gaussian) by the RDP accountant.
struct DPEpsilonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epsilon",
        abstract: "ε for T steps of the Poisson-subsampled Gaussian mechanism (RDP accountant, dp-accounting's "
            + "orders and conversion). Prints JSON {\"epsilon\", \"order\"}.")

    @Option(name: .long, help: "Noise multiplier σ (noise std / L2 sensitivity), ≥ 0.")
    var noiseMultiplier: Double

    @Option(name: .long, help: "Poisson sampling rate q in [0, 1].")
    var sampleRate: Double

    @Option(name: .long, help: "Number of steps T ≥ 0.")
    var steps: Int

    @Option(name: .long, help: "Target δ in (0, 1).")
    var delta: Double

    func validate() throws {
        guard noiseMultiplier >= 0, noiseMultiplier.isFinite else {
            throw ValidationError("--noise-multiplier must be finite and ≥ 0")
        }
        guard sampleRate >= 0, sampleRate <= 1 else { throw ValidationError("--sample-rate must lie in [0, 1]") }
        guard steps >= 0 else { throw ValidationError("--steps must be ≥ 0") }
        guard delta > 0, delta < 1 else { throw ValidationError("--delta must lie in (0, 1)") }
    }

    func run() throws {
        do {
            var accountant = try RDPAccountant()
            try accountant.compose(noiseMultiplier: noiseMultiplier, sampleRate: sampleRate, steps: steps)
            let (epsilon, order) = try accountant.epsilon(delta: delta)
            print("{\"epsilon\": \(DPEpsilonCommand.json(epsilon)), \"order\": \(DPEpsilonCommand.json(order))}")
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func json(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
}

/// `synod dp sigma`: the Gaussian noise σ for (ε, δ) by one of the calibrations.
struct DPSigmaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigma",
        abstract: "Noise σ for (ε, δ): classical, SPDL Lemma 1, or the SPDL reference code. Valid only for ε < 1.")

    enum Calibration: String, ExpressibleByArgument, CaseIterable {
        case classical
        case spdlLemma1 = "spdl-lemma1"
        case spdlCode = "spdl-code"
    }

    @Option(name: .long, help: "classical | spdl-lemma1 | spdl-code.")
    var calibration: Calibration = .classical

    @Option(name: .long, help: "Target ε in (0, 1).")
    var epsilon: Double

    @Option(name: .long, help: "Target δ in (0, 1).")
    var delta: Double

    @Option(name: .long, help: "L2 sensitivity C (classical, spdl-lemma1).")
    var sensitivity: Double = 1

    @Option(name: .long, help: "Rounds T (spdl-lemma1).")
    var rounds: Int = 1

    @Option(name: .long, help: "Learning rate γ (spdl-lemma1).")
    var learningRate: Double = 1

    @Option(name: .long, help: "Gradient norm ‖g‖₂ (spdl-code).")
    var gradientNorm: Double?

    @Flag(name: .long, help: "Compute even for ε ≥ 1, where the classical calibration gives no guarantee.")
    var allowOutsideValidity = false

    func run() throws {
        let rule: DPCalibration
        switch calibration {
        case .classical: rule = .classical(sensitivity: sensitivity)
        case .spdlLemma1: rule = .spdlLemma1(sensitivity: sensitivity, rounds: rounds, learningRate: learningRate)
        case .spdlCode: rule = .spdlReferenceCode(normScale: DPCalibration.spdlReferenceNormScale)
        }
        do {
            let sigma = try rule.sigma(
                epsilon: epsilon, delta: delta, gradientNorm: gradientNorm, allowOutsideValidity: allowOutsideValidity)
            print("{\"sigma\": \(sigma), \"calibration\": \"\(calibration.rawValue)\", \"valid\": \(epsilon < 1)}")
        } catch {
            throw ValidationError(error.description)
        }
    }
}
