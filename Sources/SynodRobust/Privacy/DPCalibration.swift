import Foundation

/// How to choose the Gaussian noise σ for (ε, δ)-DP, selectable so experiments can compare the
/// SPDL paper, its reference code and the classical mechanism.
///
/// All three are the classical calibration σ = Δ·√(2 ln(1.25/δ))/ε (Dwork & Roth 2014, Theorem A.1)
/// with a different sensitivity Δ; **that theorem holds only for ε ∈ (0, 1)**. Outside it ``sigma(
/// epsilon:delta:gradientNorm:allowOutsideValidity:)`` throws ``PrivacyError/Code/outsideValidity``
/// unless explicitly overridden; for ε ≥ 1, or for many steps, use ``RDPAccountant`` on the
/// subsampled Gaussian mechanism instead (e.g. `synod dp epsilon`).
public enum DPCalibration: Sendable, Hashable {
    /// Classical mechanism with L2 sensitivity Δ (e.g. the clipping bound C).
    case classical(sensitivity: Double)
    /// SPDL paper, Lemma 1 (§3.4): σ ≥ C·T·γ·√(2 ln(1.25/δ))/ε, with C = Δ₂g the gradient's L2
    /// sensitivity, T the number of rounds and γ the learning rate.
    case spdlLemma1(sensitivity: Double, rounds: Int, learningRate: Double)
    /// SPDL reference code (`MNIST_training_DP.py: gaussian_noise`): σ = s·‖g‖₂·√(2 ln(1.25/δ))/ε per
    /// coordinate with s = 1e-6 and ‖g‖₂ the norm of the gradient being noised. The "sensitivity" is
    /// data dependent, so this calibration gives **no** formal DP guarantee; it exists to reproduce
    /// the paper's experiments.
    case spdlReferenceCode(normScale: Double)

    /// The SPDL reference code's constant s = 1e-6.
    public static let spdlReferenceNormScale = 1e-6

    /// √(2 ln(1.25/δ)).
    public static func classicalFactor(delta: Double) -> Double {
        (2 * Foundation.log(1.25 / delta)).squareRoot()
    }

    /// The noise standard deviation σ for target (ε, δ).
    ///
    /// - Parameters:
    ///   - gradientNorm: ‖g‖₂, needed by ``spdlReferenceCode(normScale:)`` only.
    ///   - allowOutsideValidity: permit ε ≥ 1 (the result then carries no guarantee).
    public func sigma(epsilon: Double, delta: Double, gradientNorm: Double? = nil, allowOutsideValidity: Bool = false)
        throws(PrivacyError) -> Double
    {
        guard epsilon > 0, epsilon.isFinite else {
            throw PrivacyError(.invalidParameter, "epsilon must be finite and > 0, got \(epsilon)")
        }
        guard delta > 0, delta < 1 else {
            throw PrivacyError(.invalidParameter, "delta must lie in (0, 1), got \(delta)")
        }
        if epsilon >= 1 && !allowOutsideValidity {
            throw PrivacyError(
                .outsideValidity,
                "the classical Gaussian calibration σ = Δ·√(2 ln(1.25/δ))/ε is only valid for ε < 1 (Dwork & Roth 2014, "
                    + "Thm A.1), got ε = \(epsilon); use the RDP accountant (RDPAccountant, `synod dp epsilon`) or pass "
                    + "an explicit override")
        }
        let factor = DPCalibration.classicalFactor(delta: delta) / epsilon
        switch self {
        case .classical(let sensitivity):
            guard sensitivity >= 0, sensitivity.isFinite else {
                throw PrivacyError(.invalidParameter, "sensitivity must be finite and ≥ 0, got \(sensitivity)")
            }
            return sensitivity * factor
        case .spdlLemma1(let sensitivity, let rounds, let learningRate):
            guard sensitivity >= 0, sensitivity.isFinite, rounds >= 1, learningRate > 0, learningRate.isFinite else {
                throw PrivacyError(
                    .invalidParameter,
                    "Lemma 1 needs C ≥ 0, T ≥ 1, γ > 0; got C = \(sensitivity), T = \(rounds), γ = \(learningRate)")
            }
            return sensitivity * Double(rounds) * learningRate * factor
        case .spdlReferenceCode(let normScale):
            guard let gradientNorm, gradientNorm >= 0, gradientNorm.isFinite else {
                throw PrivacyError(
                    .invalidParameter, "the reference-code calibration needs a finite gradient norm ‖g‖₂")
            }
            guard normScale >= 0, normScale.isFinite else {
                throw PrivacyError(.invalidParameter, "norm scale must be finite and ≥ 0, got \(normScale)")
            }
            return normScale * gradientNorm * factor
        }
    }
}
