/// Batcher's odd–even merge sorting network (Batcher, "Sorting networks and their applications",
/// AFIPS 1968; Knuth TAOCP vol. 3, §5.3.4), pruned to n inputs (internal).
///
/// The network for the next power of two N ≥ n is generated; the padding inputs n…N−1 would hold +∞,
/// which no compare-exchange ever moves, so every comparator touching them is dropped. For n = 30
/// this leaves 178 compare-exchanges.
enum SortingNetwork {
    /// The compare-exchange pairs (low, high) for n inputs, in execution order.
    static func pairs(_ n: Int) -> [(Int, Int)] {
        var size = 1
        while size < n { size *= 2 }
        var out = [(Int, Int)]()
        var p = 1
        while p < size {
            var k = p
            while k >= 1 {
                var j = k % p
                while j + k < size {
                    for i in 0..<min(k, size - j - k) where (i + j) / (2 * p) == (i + j + k) / (2 * p) {
                        let (a, b) = (i + j, i + j + k)
                        if b < n { out.append((a, b)) }
                    }
                    j += 2 * k
                }
                k /= 2
            }
            p *= 2
        }
        return out
    }
}
