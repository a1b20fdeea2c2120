/// The storage images of the paper's linear-regression contract (`Contracts/linear_model.wat`)
/// for Layer-2 training: the data image (decimals, α, the points) and the weights image (w0, w1),
/// in the contract's layout — one tag byte, an `i64` index, an `i64` value, little-endian.
public enum LinearModelImages {
    /// The contract's storage key for `tag` and `index`.
    public static func key(_ tag: UInt8, _ index: Int64 = 0) -> [UInt8] {
        [tag] + withUnsafeBytes(of: index.littleEndian, Array.init)
    }

    /// An `i64` storage value.
    public static func value(_ number: Int64) -> [UInt8] { withUnsafeBytes(of: number.littleEndian, Array.init) }

    /// The data image: `'D'` decimals, `'A'` α, `'N'` the count, `'X'`/`'Y'` i the points.
    public static func data(decimals: Int64, alpha: Int64, xs: [Int64], ys: [Int64]) -> [[UInt8]: [UInt8]] {
        var entries: [[UInt8]: [UInt8]] = [
            key(0x44): value(decimals), key(0x41): value(alpha), key(0x4E): value(Int64(xs.count)),
        ]
        for (index, (x, y)) in zip(xs, ys).enumerated() {
            entries[key(0x58, Int64(index))] = value(x)
            entries[key(0x59, Int64(index))] = value(y)
        }
        return entries
    }

    /// The weights image of scaled `w0`, `w1`.
    public static func weights(w0: Int64, w1: Int64) -> TrainingImage {
        TrainingImage([key(0x30): value(w0), key(0x31): value(w1)])
    }

    /// The scaled `(w0, w1)` of a weights image (0 for an absent key).
    public static func parameters(_ image: TrainingImage) -> (w0: Int64, w1: Int64) {
        let entries = image.dictionary
        func read(_ tag: UInt8) -> Int64 {
            guard let raw = entries[key(tag)], raw.count == 8 else { return 0 }
            return raw.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
        }
        return (read(0x30), read(0x31))
    }

    /// The paper's harness: D = 10⁷, α = 1000, the nine points, weights (10, 2) × D.
    public static var harness: (data: [[UInt8]: [UInt8]], weights: TrainingImage) {
        let d = LinearModelHarness.decimals
        return (
            data(decimals: d, alpha: LinearModelHarness.alpha, xs: LinearModelHarness.xs, ys: LinearModelHarness.ys),
            weights(w0: LinearModelHarness.initialWeights.w0 * d, w1: LinearModelHarness.initialWeights.w1 * d)
        )
    }
}
