import SynodCore

/// A typed error from the differential-privacy tools.
public struct PrivacyError: SynodError {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A parameter is out of its domain (ε ≤ 0, δ ∉ (0, 1), q ∉ [0, 1], negative steps, …).
        case invalidParameter
        /// The classical Gaussian calibration was asked for ε ≥ 1, where it gives no guarantee.
        case outsideValidity
        /// A per-sample gradient matrix has the wrong shape or holds NaN/±∞.
        case invalidGradients
    }

    /// What went wrong.
    public let code: Code
    /// What and where.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
