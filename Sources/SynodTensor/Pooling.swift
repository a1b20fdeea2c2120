import CSynodKernels

/// Max pooling over square windows without padding.
public enum Pooling {
    /// Output size of a pooling window `k` with stride `s` over `n` positions: `⌊(n − k)/s⌋ + 1`.
    public static func outputSize(_ n: Int, window k: Int, stride s: Int) -> Int { (n - k) / s + 1 }

    /// Forward max pooling of `planes` H×W planes; writes the maxima and, for backward, the index
    /// of each maximum inside its plane (the first one on ties).
    public static func maxPoolForward(
        input: UnsafePointer<Float>, planes: Int, height: Int, width: Int, window: Int, stride: Int,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>
    ) {
        let oh = outputSize(height, window: window, stride: stride)
        let ow = outputSize(width, window: window, stride: stride)
        Parallelism.forEachRange(planes, parts: planes >= 64 ? Parallelism.threadCount : 1) { range in
            let offsetIn = range.lowerBound * height * width
            let offsetOut = range.lowerBound * oh * ow
            synod_maxpool_forward(
                input + offsetIn, range.count, height, width, window, stride, oh, ow, output + offsetOut,
                argmax + offsetOut)
        }
    }

    /// Backward max pooling: routes each output gradient to the input position that was the maximum
    /// (overwrites `gradInput`).
    public static func maxPoolBackward(
        gradOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, planes: Int, height: Int, width: Int,
        outputHeight oh: Int, outputWidth ow: Int, gradInput: UnsafeMutablePointer<Float>
    ) {
        // Planes are independent, so splitting them across threads does not change the result.
        Parallelism.forEachRange(planes, parts: planes >= 64 ? Parallelism.threadCount : 1) { range in
            (gradInput + range.lowerBound * height * width).update(repeating: 0, count: range.count * height * width)
            for p in range {
                let gin = gradInput + p * height * width
                let gout = gradOutput + p * oh * ow
                let am = argmax + p * oh * ow
                for i in 0..<(oh * ow) { gin[Int(am[i])] += gout[i] }
            }
        }
    }
}
