/// Exponential back-off with jitter for redialing a peer.
///
/// Delay before attempt `k ≥ 1`: `d = min(maximum, initial · multiplier^(k−1))`, then
/// "equal jitter": `d · (1 − jitter · u)` with `u` uniform in [0, 1), so simultaneous redials of
/// many nodes spread out instead of arriving in lockstep.
public struct BackoffPolicy: Sendable, Equatable {
    /// Delay before the first retry.
    public var initial: Duration
    /// Upper bound of the un-jittered delay.
    public var maximum: Duration
    /// Growth factor per failed attempt (≥ 1).
    public var multiplier: Double
    /// Fraction of the delay that is randomized, in [0, 1].
    public var jitter: Double

    /// Creates a policy; out-of-range values are clamped.
    public init(
        initial: Duration = .milliseconds(50), maximum: Duration = .seconds(5), multiplier: Double = 2,
        jitter: Double = 0.5
    ) {
        self.initial = max(initial, .zero)
        self.maximum = max(maximum, self.initial)
        self.multiplier = max(1, multiplier.isFinite ? multiplier : 1)
        self.jitter = min(1, max(0, jitter.isFinite ? jitter : 0))
    }

    /// The delay before attempt `attempt` (1-based) with the random draw `unit` ∈ [0, 1).
    public func delay(attempt: Int, unit: Double) -> Duration {
        let initialSeconds = Self.seconds(initial)
        let maximumSeconds = Self.seconds(maximum)
        let exponent = Double(max(0, attempt - 1))
        let raw = initialSeconds * repeatedPower(multiplier, exponent)
        let capped = raw.isFinite ? min(maximumSeconds, raw) : maximumSeconds
        let u = min(max(unit, 0), 1)
        let jittered = capped * (1 - jitter * u)
        return .nanoseconds(Int64(max(0, jittered) * 1e9))
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}

/// `base^exponent` for a non-negative integer-valued exponent (stops growing past 1e12).
private func repeatedPower(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var i = 0.0
    while i < exponent && result.isFinite && result < 1e12 {
        result *= base
        i += 1
    }
    return result
}
