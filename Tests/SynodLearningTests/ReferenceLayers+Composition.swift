extension ReferenceLayers {
    /// A reference forward pass with the number of flat parameters it reads.
    struct Part {
        let parameterCount: Int
        let forward: Forward

        /// Dense reference with its `out·in + out` parameters.
        static func dense(inputs: Int, outputs: Int) -> Part {
            Part(
                parameterCount: outputs * inputs + outputs,
                forward: ReferenceLayers.dense(inputs: inputs, outputs: outputs))
        }

        /// Conv2D reference with its `out·in·k² + out` parameters.
        static func conv2D(
            channels: Int, height: Int, width: Int, outputChannels: Int, kernel: Int, stride: Int = 1,
            padding: Int = 0
        ) -> Part {
            Part(
                parameterCount: outputChannels * channels * kernel * kernel + outputChannels,
                forward: ReferenceLayers.conv2D(
                    channels: channels, height: height, width: width, outputChannels: outputChannels,
                    kernel: kernel, stride: stride, padding: padding))
        }

        /// GroupNorm reference with its `2·C` parameters.
        static func groupNorm(groups: Int, channels: Int, spatial: Int, epsilon: Double) -> Part {
            Part(
                parameterCount: 2 * channels,
                forward: ReferenceLayers.groupNorm(
                    groups: groups, channels: channels, spatial: spatial, epsilon: epsilon))
        }

        /// A parameter-free reference.
        static func parameterFree(_ forward: @escaping Forward) -> Part {
            Part(parameterCount: 0, forward: forward)
        }
    }

    /// `parts` applied in order, each to its own consecutive slice of the flat parameters.
    static func sequential(_ parts: [Part]) -> Part {
        Part(parameterCount: parts.reduce(0) { $0 + $1.parameterCount }) { x, p in
            var y = x
            var offset = 0
            for part in parts {
                y = part.forward(y, Array(p[offset..<(offset + part.parameterCount)]))
                offset += part.parameterCount
            }
            return y
        }
    }

    /// `y = F(x) + S(x)` (He et al., CVPR 2016, eq. 1–2) with `F = body` on the first parameters and
    /// `S = shortcut` on the rest, or `S(x) = x` when `shortcut` is nil.
    static func residual(body: Part, shortcut: Part?) -> Part {
        Part(parameterCount: body.parameterCount + (shortcut?.parameterCount ?? 0)) { x, p in
            var y = body.forward(x, Array(p[0..<body.parameterCount]))
            let s = shortcut.map { $0.forward(x, Array(p[body.parameterCount...])) } ?? x
            for i in y.indices { y[i] += s[i] }
            return y
        }
    }
}
