import SynodCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension SeededRandom {
    /// A Gamma(shape, 1) sample (Marsaglia & Tsang, "A Simple Method for Generating Gamma
    /// Variables", ACM TOMS 26(3), 2000).
    ///
    /// For shape a ≥ 1: d = a − 1/3, c = 1/√(9d); draw x ~ N(0,1), v = (1 + c·x)³ until v > 0, and
    /// u ~ U(0,1); accept d·v if u < 1 − 0.0331·x⁴ or ln u < x²/2 + d·(1 − v + ln v) (§3 of the
    /// paper). For a < 1 it uses Gamma(a) = Gamma(a + 1)·U^(1/a) (§6). `shape` must be positive and
    /// finite.
    public mutating func gamma(shape: Double) -> Double {
        exp(logGamma(shape: shape))
    }

    /// The natural logarithm of a Gamma(shape, 1) sample, computed without underflow for tiny shapes
    /// (ln G = ln Gamma(a + 1) + ln(U)/a for a < 1), so Dirichlet draws with α ≪ 1 stay well defined.
    public mutating func logGamma(shape: Double) -> Double {
        precondition(shape > 0 && shape.isFinite, "gamma shape must be positive and finite")
        if shape < 1 {
            let boosted = logGamma(shape: shape + 1)
            let u = 1 - uniform()  // in (0, 1]
            return boosted + log(u) / shape
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = gaussian()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return log(d * v) }
            if u > 0, log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return log(d * v) }
        }
    }

    /// A sample of the Dirichlet(α₁ … α_k) distribution: independent Gamma(αᵢ, 1) draws normalised
    /// to sum 1 (computed from their logarithms, so tiny αᵢ do not give 0/0). Every αᵢ must be positive.
    public mutating func dirichlet(_ alphas: [Double]) -> [Double] {
        guard !alphas.isEmpty else { return [] }
        let logs = alphas.map { logGamma(shape: $0) }
        let top = logs.max()!
        let weights = logs.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
}
