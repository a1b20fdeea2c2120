/// How many nearest neighbours a Krum score sums over.
public enum KrumNeighbourCount: String, Sendable, Hashable, CaseIterable {
    /// n − f − 2 nearest *other* vectors: Blanchard et al., NeurIPS 2017, §4 (Krum's definition),
    /// also Flower and the SPDL reference code. Requires n ≥ 2f + 3.
    case paper = "n-f-2"
    /// n − f − 1 nearest other vectors, as ByzFL 0.0.11 implements it (for cross-checks).
    /// Requires n > 2f.
    case byzfl = "n-f-1"

    /// The neighbour count for n vectors and f Byzantine.
    public func neighbours(n: Int, f: Int) -> Int {
        switch self {
        case .paper: n - f - 2
        case .byzfl: n - f - 1
        }
    }
}
