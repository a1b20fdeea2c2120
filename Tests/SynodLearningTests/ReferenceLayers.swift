/// Forward passes of layers in Double, written directly from their definitions, for
/// ``ExactGradientCheck``. Inputs and outputs are flat, batch first (NCHW for images).
enum ReferenceLayers {
    /// A reference forward pass: (flat batch input, flat parameters) → flat batch output.
    typealias Forward = ([Double], [Double]) -> [Double]

    /// `y[n, o] = b[o] + Σᵢ W[o, i]·x[n, i]`, weight `[out, in]` row-major then bias `[out]`.
    static func dense(inputs: Int, outputs: Int) -> ([Double], [Double]) -> [Double] {
        { x, p in
            let batch = x.count / inputs
            var y = [Double](repeating: 0, count: batch * outputs)
            for n in 0..<batch {
                for o in 0..<outputs {
                    var s = p[outputs * inputs + o]
                    for i in 0..<inputs { s += p[o * inputs + i] * x[n * inputs + i] }
                    y[n * outputs + o] = s
                }
            }
            return y
        }
    }

    /// `y[n, o, i, j] = b[o] + Σ_c Σ_u Σ_v W[o, c, u, v]·x[n, c, i·s + u − pad, j·s + v − pad]`, zero
    /// outside the input; weight `[out, in, k, k]` then bias `[out]`.
    static func conv2D(
        channels: Int, height: Int, width: Int, outputChannels: Int, kernel: Int, stride: Int, padding: Int
    ) -> ([Double], [Double]) -> [Double] {
        let outH = (height + 2 * padding - kernel) / stride + 1
        let outW = (width + 2 * padding - kernel) / stride + 1
        return { x, p in
            let batch = x.count / (channels * height * width)
            let biasOffset = outputChannels * channels * kernel * kernel
            var y = [Double](repeating: 0, count: batch * outputChannels * outH * outW)
            // Buffer pointers only to keep the unoptimised test build fast; the loops are the formula.
            x.withUnsafeBufferPointer { x in
                p.withUnsafeBufferPointer { p in
                    for n in 0..<batch {
                        for o in 0..<outputChannels {
                            for i in 0..<outH {
                                for j in 0..<outW {
                                    var s = p[biasOffset + o]
                                    for c in 0..<channels {
                                        for u in 0..<kernel {
                                            let row = i * stride + u - padding
                                            guard row >= 0, row < height else { continue }
                                            for v in 0..<kernel {
                                                let col = j * stride + v - padding
                                                guard col >= 0, col < width else { continue }
                                                let w = p[((o * channels + c) * kernel + u) * kernel + v]
                                                s += w * x[((n * channels + c) * height + row) * width + col]
                                            }
                                        }
                                    }
                                    y[((n * outputChannels + o) * outH + i) * outW + j] = s
                                }
                            }
                        }
                    }
                }
            }
            return y
        }
    }

    /// `y = max(x, 0)`, elementwise.
    static func relu(_ x: [Double], _ p: [Double]) -> [Double] { x.map { max($0, 0) } }

    /// `y = x`: flattening keeps the C-order of the values and only changes the shape.
    static func flatten(_ x: [Double], _ p: [Double]) -> [Double] { x }

    /// `y = m ⊙ x` for a fixed dropout mask `m` (each entry 0 or `1/(1−p)`).
    ///
    /// The mask is a random variable drawn independently of `x` and of the loss; given the draw,
    /// the training-mode forward pass is this linear map, and back-propagation through that pass
    /// must be its derivative, `∂x = m ⊙ ∂y`, with the same `m`. So the reference takes the mask the
    /// layer drew (read off a copy of the layer applied to ones) and checks that the forward pass
    /// applies it and the backward pass differentiates it. How the mask is drawn (its rate, its
    /// scale, its seeding) is checked separately in `DropoutTests`.
    static func dropout(mask: [Double]) -> Forward {
        { x, _ in zip(x, mask).map { $0 * $1 } }
    }
}
