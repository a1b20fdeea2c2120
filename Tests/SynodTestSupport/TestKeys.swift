import SynodCore

/// Seeded identity keys for tests.
public enum TestKeys {
    /// `count` signing keys drawn one after another from `SeededRandom(seed: seed)`, in draw order
    /// (callers sort them by public key or node ID where their protocol needs that order).
    public static func signing(_ count: Int, seed: UInt64) -> [SigningKey] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in SigningKey(using: &rng) }
    }
}
