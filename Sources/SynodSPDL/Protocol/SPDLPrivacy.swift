/// How a node perturbs its gradient before sharing it (SPDL paper §4.3.3, Algorithm 2 line 6).
public enum SPDLPrivacy: String, Sendable, Hashable, CaseIterable {
    /// No noise (the paper's PURE baseline).
    case none
    /// The reference code's Gaussian mechanism: σ = 10⁻⁶·‖g‖₂·√(2 ln(1.25/δ))/ε per coordinate
    /// (the paper's reference code, `MNIST_training_DP.py`, `gaussian_noise`).
    case code
    /// The paper's Lemma 1 calibration σ = C·T·γ·√(2 ln(1.25/δ))/ε with C the clipping bound.
    case lemma1
    /// DP-SGD (Abadi et al. 2016): per-sample clipping and noise multiplier chosen by the RDP
    /// accountant so that T rounds at sample rate B/|D_i| spend at most ε.
    case dpsgd

    /// Parses a CLI name (`none`, `code`, `lemma1`, `dpsgd`).
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
