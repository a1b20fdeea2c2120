import Foundation
import SynodCore
import SynodRobust

/// One member's cumulative privacy loss as the ledger holds it: how many of its noised gradients
/// the chain has aggregated and the (ε, δ) that Rényi-DP composition of those rounds gives.
///
/// Each round is the Gaussian mechanism with noise multiplier z = √(2 ln(1.25/δ))/ε relative to
/// the calibration's sensitivity (Dwork & Roth 2014, Thm A.1: the `code` and `lemma1`
/// calibrations of ``SPDLPrivacy`` are both σ = S·√(2 ln(1.25/δ))/ε for their S). Its RDP at order α
/// is α/(2z²) (Mironov 2017, Prop. 7); t rounds compose to t·α/(2z²), converted to ε at the
/// genesis δ by ``RDPAccountant``. The accountant takes each calibration's S at its word: the
/// reference code's S = 10⁻⁶·‖g‖ bounds nothing, so its ε describes the calibration, not a proof.
///
/// ε is stored as an integer number of nano-ε rounded up (``epsilonNanos``), so the committed
/// state is an integer that every replica writes bit for bit; `UInt64.max` means unbounded (no
/// noise, or a calibration the ledger cannot account: `dpsgd`, whose z depends on each member's
/// data size).
public struct SPDLPrivacySpend: Sendable, Hashable, Codable {
    /// Rounds whose aggregate included this member's gradient.
    public var rounds: UInt64
    /// ε in units of 10⁻⁹, rounded up; `UInt64.max` = unbounded.
    public var epsilonNanos: UInt64
    /// The δ of the (ε, δ) pair (the genesis δ).
    public var delta: Double

    /// Creates a spend.
    public init(rounds: UInt64, epsilonNanos: UInt64, delta: Double) {
        self.rounds = rounds
        self.epsilonNanos = epsilonNanos
        self.delta = delta
    }

    /// ε (`.infinity` when unbounded).
    public var epsilon: Double { epsilonNanos == .max ? .infinity : Double(epsilonNanos) / 1e9 }

    /// The canonical bytes kept in the ledger state.
    public var canonicalBytes: [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode(rounds)
        encoder.encode(epsilonNanos)
        encoder.encode(delta)
        return encoder.bytes
    }

    /// Decodes ``canonicalBytes``.
    public init(canonicalBytes bytes: [UInt8]) throws(CanonicalDecodingError) {
        var decoder = CanonicalDecoder(bytes: bytes)
        rounds = try decoder.decodeUInt64("privacy.rounds")
        epsilonNanos = try decoder.decodeUInt64("privacy.epsilonNanos")
        delta = try decoder.decodeDouble("privacy.delta")
    }
}

/// The per-round mechanism a chain's genesis describes, and the accountant arithmetic the ledger
/// module and the nodes share (so a node's refusal and the ledger agree).
public enum SPDLPrivacyAccounting {
    /// What one aggregated gradient costs.
    public enum Mechanism: Sendable, Hashable {
        /// The Gaussian mechanism with noise multiplier z (RDP α/(2z²) per round) at δ.
        case gaussian(noiseMultiplier: Double, delta: Double)
        /// Unbounded: no noise, or a calibration the ledger cannot account (at δ).
        case unbounded(delta: Double)
    }

    /// The mechanism of `privacy` at (ε, δ).
    public static func mechanism(privacy: SPDLPrivacy, epsilon: Double, delta: Double) -> Mechanism {
        switch privacy {
        case .code, .lemma1: .gaussian(noiseMultiplier: (2 * log(1.25 / delta)).squareRoot() / epsilon, delta: delta)
        case .none, .dpsgd: .unbounded(delta: delta)
        }
    }

    /// The mechanism a ledger genesis records (`spdl.dp`, `spdl.epsilon`, `spdl.delta`); `nil` if
    /// the genesis records none (no accounting).
    public static func mechanism(genesisParameters p: (String) -> String?) -> Mechanism? {
        guard let dp = p("spdl.dp").flatMap(SPDLPrivacy.init(argument:)),
            let epsilon = p("spdl.epsilon").flatMap(Double.init),
            let delta = p("spdl.delta").flatMap(Double.init), epsilon > 0, epsilon.isFinite, delta > 0, delta < 1
        else { return nil }
        return mechanism(privacy: dp, epsilon: epsilon, delta: delta)
    }

    /// The spend after `rounds` aggregated rounds under `mechanism`.
    public static func spend(rounds: UInt64, mechanism: Mechanism) -> SPDLPrivacySpend {
        switch mechanism {
        case .unbounded(let delta):
            return SPDLPrivacySpend(rounds: rounds, epsilonNanos: rounds == 0 ? 0 : .max, delta: delta)
        case .gaussian(let z, let delta):
            guard rounds > 0 else { return SPDLPrivacySpend(rounds: 0, epsilonNanos: 0, delta: delta) }
            let epsilon: Double
            do {
                var accountant = try RDPAccountant()
                try accountant.compose(noiseMultiplier: z, sampleRate: 1, steps: Int(clamping: rounds))
                epsilon = try accountant.epsilon(delta: delta).epsilon
            } catch {
                return SPDLPrivacySpend(rounds: rounds, epsilonNanos: .max, delta: delta)
            }
            let nanos = (epsilon * 1e9).rounded(.up)
            return SPDLPrivacySpend(
                rounds: rounds, epsilonNanos: nanos.isFinite && nanos < 1.8e19 ? UInt64(nanos) : .max, delta: delta)
        }
    }
}
