import SynodSPDL

/// The three schemes of the paper's evaluation (§6.2).
public enum SPDLVariant: String, Sendable, Hashable, Codable, CaseIterable {
    /// No DP, no robust GAR, no reputation: plain averaging (reference `MNIST_training_pure.py`).
    case pure
    /// Gaussian noise with ε = 0.4, averaging (reference `MNIST_training_DP.py`).
    case dp
    /// Noise with ε = 0.04, Multi-Krum, reputation (reference `MNIST_training_krum.py`).
    case spdl

    /// Applies the variant's GAR, noise and reputation settings to `base`. In Synod all three run on
    /// the same consensus driver and ledger (the paper's PURE and DP have no blockchain).
    public func configure(_ base: SPDLConfiguration) -> SPDLConfiguration {
        var c = base
        switch self {
        case .pure:
            c.gar = "average"
            c.privacy = .none
            c.updatesReputation = false
        case .dp:
            c.gar = "average"
            if c.privacy == .none { c.privacy = .code }
            c.epsilon = 0.4
            c.updatesReputation = false
        case .spdl:
            if c.privacy == .none { c.privacy = .code }
            c.epsilon = 0.04
        }
        return c
    }
}
