import CSynodKernels

/// Element-wise activation kernels (vectorised C loops in `CSynodKernels/conv.c`).
public enum Activation {
    /// `y = max(x, 0)` for `count` elements (NaN propagates, −0 becomes +0).
    public static func reluForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        synod_relu_forward(x, y, count)
    }

    /// `dx = y > 0 ? dy : 0` for `count` elements, from the ReLU output `y` (the gradient at 0 is 0).
    public static func reluBackward(
        output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>, gradInput dx: UnsafeMutablePointer<Float>,
        count: Int
    ) {
        synod_relu_backward(y, dy, dx, count)
    }
}
