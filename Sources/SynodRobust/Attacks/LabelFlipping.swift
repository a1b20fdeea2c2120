/// Label flipping for data poisoning (as ByzFL's client-side `LabelFlipping`, after Biggio et al.
/// and Fang et al., USENIX Security 2020): a Byzantine node trains on y' = (L − 1) − y.
public struct LabelFlipping: Sendable, Hashable {
    /// The number of classes L ≥ 1.
    public let classCount: Int

    /// Creates the transformation.
    public init(classCount: Int) throws(AttackError) {
        guard classCount >= 1 else { throw AttackError("label flipping needs at least one class, got \(classCount)") }
        self.classCount = classCount
    }

    /// (L − 1) − y for every label; throws on a label outside 0..<L (naming its index).
    public func apply(_ labels: [Int]) throws(AttackError) -> [Int] {
        var out = [Int]()
        out.reserveCapacity(labels.count)
        for (index, y) in labels.enumerated() {
            guard y >= 0, y < classCount else {
                throw AttackError("label \(y) at index \(index) outside 0..<\(classCount)")
            }
            out.append(classCount - 1 - y)
        }
        return out
    }
}
