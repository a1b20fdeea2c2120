import CSynodKernels

/// Element-wise activation kernels (vectorised C loops in `CSynodKernels/conv.c`).
///
/// Large buffers are split across ``Parallelism/threadCount`` threads (element-wise, so the result
/// does not depend on the split).
public enum Activation {
    /// Below this many elements one thread does the whole buffer.
    public static let parallelThreshold = 1 << 16

    private static func parts(_ count: Int) -> Int { count >= parallelThreshold ? Parallelism.threadCount : 1 }

    /// `y = max(x, 0)` for `count` elements (NaN propagates, −0 becomes +0).
    public static func reluForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        Parallelism.forEachRange(count, parts: parts(count), granule: 64) { r in
            synod_relu_forward(x + r.lowerBound, y + r.lowerBound, r.count)
        }
    }

    /// `dx = y > 0 ? dy : 0` for `count` elements, from the ReLU output `y` (the gradient at 0 is 0).
    public static func reluBackward(
        output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>, gradInput dx: UnsafeMutablePointer<Float>,
        count: Int
    ) {
        Parallelism.forEachRange(count, parts: parts(count), granule: 64) { r in
            synod_relu_backward(y + r.lowerBound, dy + r.lowerBound, dx + r.lowerBound, r.count)
        }
    }
}
