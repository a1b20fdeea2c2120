import SynodCore
import SynodRobust

/// The Gaussian perturbation of Algorithm 2 under each calibration of ``SPDLPrivacy``.
public enum SPDLNoise {
    /// σ for a gradient of norm `norm` (0 for `.none` and `.dpsgd`, whose noise is per-sample).
    public static func sigma(configuration c: SPDLConfiguration, norm: Double) throws(SPDLError) -> Double {
        do {
            switch c.privacy {
            case .none, .dpsgd: return 0
            case .code:
                return try DPCalibration.spdlReferenceCode(normScale: DPCalibration.spdlReferenceNormScale)
                    .sigma(epsilon: c.epsilon, delta: c.delta, gradientNorm: norm, allowOutsideValidity: true)
            case .lemma1:
                return try DPCalibration.spdlLemma1(
                    sensitivity: c.clipNorm, rounds: c.rounds, learningRate: Double(c.learningRate)
                ).sigma(epsilon: c.epsilon, delta: c.delta, allowOutsideValidity: true)
            }
        } catch { throw SPDLError(.invalidConfiguration, "DP calibration: \(error)") }
    }

    /// g + N(0, σ²) per coordinate.
    public static func perturb(
        _ gradient: [Float], configuration: SPDLConfiguration, rng: inout SeededRandom
    ) throws(SPDLError) -> [Float] {
        let s = try sigma(configuration: configuration, norm: L2Clipping.norm(gradient))
        guard s > 0 else { return gradient }
        var out = gradient
        do { try GaussianMechanism(standardDeviation: s).perturb(&out, rng: &rng) } catch {
            throw SPDLError(.invalidConfiguration, "noise: \(error)")
        }
        return out
    }

    /// The smallest DP-SGD noise multiplier z (bisection to 1e-3 relative) whose RDP accountant
    /// spends at most ε over `steps` steps at `sampleRate` (Abadi et al. 2016; Mironov et al. 2019).
    public static func dpsgdMultiplier(
        epsilon: Double, delta: Double, sampleRate: Double, steps: Int
    ) throws(SPDLError) -> Double {
        func spent(_ z: Double) throws(SPDLError) -> Double {
            do {
                var accountant = try RDPAccountant()
                try accountant.compose(noiseMultiplier: z, sampleRate: sampleRate, steps: steps)
                return try accountant.epsilon(delta: delta).epsilon
            } catch { throw SPDLError(.invalidConfiguration, "RDP accountant: \(error)") }
        }
        var low = 0.1
        var high = 1.0
        while try spent(high) > epsilon {
            high *= 2
            guard high < 1e7 else {
                throw SPDLError(.invalidConfiguration, "no noise multiplier reaches ε = \(epsilon)")
            }
        }
        if try spent(low) <= epsilon { return low }
        while (high - low) / high > 1e-3 {
            let mid = (low + high) / 2
            if try spent(mid) > epsilon { low = mid } else { high = mid }
        }
        return high
    }
}
