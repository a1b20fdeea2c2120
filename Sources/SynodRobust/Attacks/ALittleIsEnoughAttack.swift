import Foundation

/// A Little Is Enough (Baruch, Baruch, Goldberg, NeurIPS 2019, Algorithm 1): per coordinate
/// μ_j + z·σ_j of the honest vectors, with σ the sample standard deviation (ddof = 1, as ByzFL).
///
/// z is the paper's z_max by default: s = ⌊n/2 + 1⌋ − f supporters are needed, and
/// z_max = Φ⁻¹((n − s)/n), n the total number of nodes. ByzFL instead uses a fixed z = τ = 1.5
/// (`.fixed(1.5)`). The sign is the perturbation's direction (+1 as ByzFL).
public struct ALittleIsEnoughAttack: ByzantineAttack {
    /// How z is chosen.
    public enum Z: Sendable, Hashable {
        /// The paper's z_max from (n, f).
        case paper
        /// A fixed z (ByzFL's `ALittleIsEnough(tau = 1.5)`).
        case fixed(Double)
    }

    /// How z is chosen.
    public var z: Z
    /// +1 or −1: the direction of the shift.
    public var direction: Double

    /// Creates the attack (default: the paper's z_max, direction +1).
    public init(z: Z = .paper, direction: Double = 1) {
        self.z = z
        self.direction = direction
    }

    /// `"alie"`.
    public var name: String { "alie" }

    /// The paper's z_max = Φ⁻¹((n − s)/n), s = ⌊n/2 + 1⌋ − f.
    public static func zMax(totalNodes n: Int, byzantine f: Int) throws(AttackError) -> Double {
        let s = n / 2 + 1 - f
        let p = Double(n - s) / Double(n)
        guard n > 0, p > 0, p < 1 else {
            throw AttackError("alie: z_max undefined for n = \(n), f = \(f) (p = (n − s)/n = \(p))")
        }
        return NormalQuantile.inverseCDF(p)
    }

    /// μ + direction · z · σ per coordinate.
    public func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage {
        let (mean, std) = try context.moments(ddof: 1, for: name)
        let zValue: Double
        switch z {
        case .paper:
            zValue = try ALittleIsEnoughAttack.zMax(totalNodes: context.totalNodes, byzantine: context.byzantineCount)
        case .fixed(let value): zValue = value
        }
        return .vector(zip(mean, std).map { Float($0 + direction * zValue * $1) })
    }
}
