import Foundation

/// Rényi-DP accountant for the Poisson-subsampled Gaussian mechanism (Mironov, Talwar, Zhang,
/// "Rényi Differential Privacy of the Sampled Gaussian Mechanism", arXiv 1908.10530, 2019), with the
/// same order grid and RDP → (ε, δ) conversion as Google's dp-accounting 0.6.0 `RdpAccountant`:
///
/// - One step at order α: q = 0 → 0; q = 1 → α/(2σ²); otherwise log(A_α)/(α − 1), where for integer α
///   (§3.2) A_α = Σ_{i=0}^{α} C(α,i) q^i (1−q)^{α−i} exp((i² − i)/(2σ²)), summed in log space, and
///   for fractional α (§3.3) the two-sided series with erfc terms, truncated when both terms decrease
///   and fall 30 nats below the total (at most 1000 terms; otherwise the order is excluded as +∞).
/// - T steps multiply the RDP by T (composition, Mironov 2017, Proposition 1).
/// - Conversion (Canonne, Kamath, Steinke 2020, arXiv 2004.00010, Proposition 12, as dp-accounting's
///   `compute_epsilon`): ε = min over α > 1.01 of RDP(α) + log1p(−1/α) − log(δα)/(α − 1); an order
///   gives ε = 0 when δ² + expm1(−RDP(α)) > 0; the result is max(0, ·) with its optimal order.
public struct RDPAccountant: Sendable, Hashable {
    /// dp-accounting's `DEFAULT_RDP_ORDERS`: 1.1, 1.2, …, 10.9, then 11, …, 63, then 128, 256, 512, 1024.
    public static let defaultOrders: [Double] = {
        var orders: [Double] = (1..<100).map { (x: Int) -> Double in 1 + Double(x) / 10 }
        orders.append(contentsOf: (11..<64).map { (x: Int) -> Double in Double(x) })
        orders.append(contentsOf: [128, 256, 512, 1024])
        return orders
    }()

    /// The Rényi orders α.
    public let orders: [Double]
    /// The accumulated RDP ε(α) at every order.
    public private(set) var rdp: [Double]

    /// Creates an empty accountant; every order must be ≥ 1 and finite.
    public init(orders: [Double] = RDPAccountant.defaultOrders) throws(PrivacyError) {
        guard !orders.isEmpty, orders.allSatisfy({ $0 >= 1 && $0.isFinite }) else {
            throw PrivacyError(.invalidParameter, "RDP orders must be finite and ≥ 1")
        }
        self.orders = orders
        self.rdp = [Double](repeating: 0, count: orders.count)
    }

    /// Adds `steps` steps of the Gaussian mechanism with noise multiplier σ under Poisson sampling
    /// with rate q.
    public mutating func compose(noiseMultiplier: Double, sampleRate: Double, steps: Int) throws(PrivacyError) {
        guard noiseMultiplier >= 0, !noiseMultiplier.isNaN else {
            throw PrivacyError(.invalidParameter, "noise multiplier must be ≥ 0, got \(noiseMultiplier)")
        }
        guard sampleRate >= 0, sampleRate <= 1 else {
            throw PrivacyError(.invalidParameter, "sample rate must lie in [0, 1], got \(sampleRate)")
        }
        guard steps >= 0 else { throw PrivacyError(.invalidParameter, "steps must be ≥ 0, got \(steps)") }
        for (index, order) in orders.enumerated() {
            let perStep = RDPAccountant.subsampledGaussianRDP(
                sampleRate: sampleRate, noiseMultiplier: noiseMultiplier, order: order)
            rdp[index] += Double(steps) * perStep
        }
    }

    /// The smallest ε over the orders for the given δ, with the order attaining it.
    public func epsilon(delta: Double) throws(PrivacyError) -> (epsilon: Double, order: Double) {
        try RDPAccountant.epsilon(orders: orders, rdp: rdp, delta: delta)
    }

    /// dp-accounting's `compute_epsilon`.
    public static func epsilon(orders: [Double], rdp: [Double], delta: Double) throws(PrivacyError) -> (
        epsilon: Double, order: Double
    ) {
        guard delta > 0, delta < 1 else {
            throw PrivacyError(.invalidParameter, "delta must lie in (0, 1), got \(delta)")
        }
        guard orders.count == rdp.count, !orders.isEmpty else {
            throw PrivacyError(.invalidParameter, "orders and RDP values must be non-empty and of equal length")
        }
        var best = Double.infinity
        var bestOrder = orders[0]
        for (a, r) in zip(orders, rdp) {
            let eps: Double
            if r < 0 {
                eps = 0
            } else if delta * delta + expm1(-r) > 0 {
                eps = 0
            } else if a > 1.01 {
                eps = r + log1p(-1 / a) - log(delta * a) / (a - 1)
            } else {
                eps = .infinity
            }
            if eps < best {
                best = eps
                bestOrder = a
            }
        }
        return (max(0, best), bestOrder)
    }

    /// RDP of one step of the Poisson-subsampled Gaussian mechanism at order α.
    public static func subsampledGaussianRDP(sampleRate q: Double, noiseMultiplier sigma: Double, order alpha: Double)
        -> Double
    {
        if q == 0 { return 0 }
        if alpha.isInfinite || sigma == 0 { return .infinity }
        if q == 1 { return alpha / (2 * sigma * sigma) }
        let logA =
            alpha.rounded() == alpha && alpha < 1e6
            ? logAInteger(q: q, sigma: sigma, alpha: Int(alpha)) : logAFractional(q: q, sigma: sigma, alpha: alpha)
        return logA / (alpha - 1)
    }

    /// log(A_α) for integer α (Mironov et al. 2019, §3.2), by the exact binomial expansion in log space.
    static func logAInteger(q: Double, sigma: Double, alpha: Int) -> Double {
        var logA = -Double.infinity
        let logQ = log(q)
        let log1mq = log1p(-q)
        let a = Double(alpha)
        for i in 0...alpha {
            let x = Double(i)
            let coefficient = logBinomial(a, x) + x * logQ + (a - x) * log1mq
            logA = logAdd(logA, coefficient + (x * x - x) / (2 * sigma * sigma))
        }
        return logA
    }

    /// log(A_α) for fractional α (Mironov et al. 2019, §3.3).
    static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
        var logA0 = -Double.infinity
        var logA1 = -Double.infinity
        let z0 = sigma * sigma * log(1 / q - 1) + 0.5
        let logQ = log(q)
        let log1mq = log1p(-q)
        var lastS0 = -Double.infinity
        var lastS1 = -Double.infinity
        let sqrt2Sigma = 2.0.squareRoot() * sigma
        for step in 0..<1000 {
            let i = Double(step)
            let coefficient = logBinomial(alpha, i)
            let j = alpha - i
            let logT0 = coefficient + i * logQ + j * log1mq
            let logT1 = coefficient + j * logQ + i * log1mq
            let logE0 = log(0.5) + logErfc((i - z0) / sqrt2Sigma)
            let logE1 = log(0.5) + logErfc((z0 - j) / sqrt2Sigma)
            let logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0
            let logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1
            logA0 = logAdd(logA0, logS0)
            logA1 = logAdd(logA1, logS1)
            let total = logAdd(logA0, logA1)
            if logS0 < lastS0 && logS1 < lastS1 && max(logS0, logS1) < total - 30 { return total }
            lastS0 = logS0
            lastS1 = logS1
        }
        return .infinity
    }

    /// log(exp(x) + exp(y)).
    @inline(__always)
    static func logAdd(_ x: Double, _ y: Double) -> Double {
        let a = min(x, y)
        let b = max(x, y)
        if a == -.infinity { return b }
        return log1p(exp(a - b)) + b
    }

    /// log C(n, k) for real n, k via log-gamma.
    static func logBinomial(_ n: Double, _ k: Double) -> Double {
        lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    }

    /// log(erfc(x)), accurate in the far right tail (asymptotic series where erfc underflows).
    static func logErfc(_ x: Double) -> Double {
        if x < 25 { return log(erfc(x)) }
        // erfc(x) = exp(−x²)/(x√π) · Σ_m (−1)^m (2m−1)!! / (2x²)^m  (Abramowitz & Stegun 7.1.23).
        let inverse = 1 / (2 * x * x)
        var term = 1.0
        var series = 1.0
        for m in 1...10 {
            term *= -Double(2 * m - 1) * inverse
            series += term
        }
        return -x * x - log(x) - 0.5 * log(Double.pi) + log(series)
    }
}
