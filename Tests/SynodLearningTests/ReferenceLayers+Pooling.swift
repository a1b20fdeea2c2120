extension ReferenceLayers {
    /// `y[n, c, i, j] = max_{0≤u,v<k} x[n, c, i·s + u, j·s + v]` over a `k × k` window with stride
    /// `s` and no padding; output `⌊(H − k)/s⌋ + 1` by `⌊(W − k)/s⌋ + 1` per plane.
    static func maxPool2D(height: Int, width: Int, window: Int, stride: Int) -> Forward {
        let outH = (height - window) / stride + 1
        let outW = (width - window) / stride + 1
        return { x, _ in
            let planes = x.count / (height * width)
            var y = [Double](repeating: 0, count: planes * outH * outW)
            for plane in 0..<planes {
                for i in 0..<outH {
                    for j in 0..<outW {
                        var m = -Double.infinity
                        for u in 0..<window {
                            for v in 0..<window {
                                m = max(m, x[(plane * height + i * stride + u) * width + j * stride + v])
                            }
                        }
                        y[(plane * outH + i) * outW + j] = m
                    }
                }
            }
            return y
        }
    }

    /// `y[n, c] = (1/(H·W)) Σ_{i,j} x[n, c, i, j]`: the mean of each plane of `planeSize = H·W` values.
    static func globalAveragePool(planeSize: Int) -> Forward {
        { x, _ in
            (0..<(x.count / planeSize)).map { plane in
                x[(plane * planeSize)..<((plane + 1) * planeSize)].reduce(0, +) / Double(planeSize)
            }
        }
    }
}
