import Foundation

/// The standard normal CDF Φ and its inverse (internal numerics for ALIE's z_max).
enum NormalQuantile {
    /// Φ(x) = erfc(−x/√2)/2.
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for p ∈ (0, 1): bisection to bracket, then Newton steps on Φ(x) − p (|error| < 1e-14).
    static func inverseCDF(_ p: Double) -> Double {
        var low = -40.0
        var high = 40.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if cdf(mid) < p { low = mid } else { high = mid }
            if high - low < 1e-6 { break }
        }
        var x = (low + high) / 2
        for _ in 0..<8 {
            let density = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
            guard density > 0 else { break }
            x -= (cdf(x) - p) / density
        }
        return x
    }
}
