import SynodCore
import SynodTensor

/// Group normalisation (Wu & He, "Group Normalization", ECCV 2018, eq. 1–3), PyTorch `nn.GroupNorm`.
///
/// Channels are split into `groups`; each sample's group is normalised by its own mean and biased
/// variance, then scaled and shifted per channel: `y = γ_c·(x − μ)/√(σ² + ε) + β_c`.
/// Chosen over BatchNorm because it keeps no running statistics and mixes no samples: per-sample
/// gradients (DP-SGD) are exact, training and inference agree, and federated averaging of the flat
/// parameter vector is the whole model state. With `groups = 1` it is LayerNorm over (C, H, W)
/// with per-channel affine parameters.
///
/// Flat order: `weight [C]` (γ, initialised to 1) then `bias [C]` (β, initialised to 0).
public struct GroupNorm: Layer {
    /// Number of groups (must divide `channels`).
    public let groups: Int
    /// Channels.
    public let channels: Int
    /// ε added to the variance.
    public let epsilon: Float
    /// Parameter name prefix.
    public let name: String
    private var normalized: [Float] = []
    private var inverseStd: [Float] = []
    private var inputShape: [Int] = []

    /// Creates a group norm layer.
    public init(groups: Int, channels: Int, epsilon: Float = 1e-5, name: String) {
        self.groups = groups
        self.channels = channels
        self.epsilon = epsilon
        self.name = name
    }

    /// `weight [C]`, `bias [C]`.
    public var parameterSpecs: [ParameterSpec] {
        [
            ParameterSpec(name: qualified(name, "weight"), shape: [channels]),
            ParameterSpec(name: qualified(name, "bias"), shape: [channels]),
        ]
    }

    /// Same shape; the first dimension must be `channels`.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] {
        guard let c = inputShape.first, c == channels, groups > 0, channels % groups == 0 else {
            throw ModelError(
                .shapeMismatch, "\(name): GroupNorm(\(groups), \(channels)) cannot normalise input \(inputShape)")
        }
        return inputShape
    }

    /// γ = 1, β = 0 (PyTorch default).
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {
        for i in 0..<channels {
            parameters[i] = 1
            parameters[channels + i] = 0
        }
    }

    /// Normalises each (sample, group).
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        inputShape = input.shape
        let batch = input.shape[0]
        let spatial = input.count / max(batch * channels, 1)
        let perGroup = channels / groups
        let groupSize = perGroup * spatial
        normalized = [Float](repeating: 0, count: input.count)
        inverseStd = [Float](repeating: 0, count: batch * groups)
        var output = Tensor(shape: input.shape)
        let (gamma, beta) = (parameters.base, parameters.base + channels)
        input.values.withUnsafeBufferPointer { x in
            for n in 0..<batch {
                for g in 0..<groups {
                    let start = (n * channels + g * perGroup) * spatial
                    var mean = 0.0
                    for i in 0..<groupSize { mean += Double(x[start + i]) }
                    mean /= Double(groupSize)
                    var variance = 0.0
                    for i in 0..<groupSize {
                        let d = Double(x[start + i]) - mean
                        variance += d * d
                    }
                    variance /= Double(groupSize)
                    let inv = Float(1 / (variance + Double(epsilon)).squareRoot())
                    inverseStd[n * groups + g] = inv
                    let m = Float(mean)
                    for cc in 0..<perGroup {
                        let c = g * perGroup + cc
                        for s in 0..<spatial {
                            let i = start + cc * spatial + s
                            let xhat = (x[i] - m) * inv
                            normalized[i] = xhat
                            output.values[i] = gamma[c] * xhat + beta[c]
                        }
                    }
                }
            }
        }
        return output
    }

    /// `∂γ_c = Σ ∂y·x̂`, `∂β_c = Σ ∂y`, and per group
    /// `∂x = (1/σ)·(∂x̂ − mean(∂x̂) − x̂·mean(∂x̂·x̂))` with `∂x̂ = γ_c·∂y`.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        let batch = inputShape[0]
        let spatial = gradOutput.count / max(batch * channels, 1)
        let perGroup = channels / groups
        let groupSize = perGroup * spatial
        var gradInput = Tensor(shape: inputShape)
        let gamma = parameters.base
        for i in 0..<(2 * channels) { gradients[i] = 0 }
        gradOutput.values.withUnsafeBufferPointer { dy in
            for n in 0..<batch {
                for g in 0..<groups {
                    let start = (n * channels + g * perGroup) * spatial
                    var sumD = 0.0
                    var sumDX = 0.0
                    for cc in 0..<perGroup {
                        let c = g * perGroup + cc
                        var gg: Float = 0
                        var gb: Float = 0
                        for s in 0..<spatial {
                            let i = start + cc * spatial + s
                            gg += dy[i] * normalized[i]
                            gb += dy[i]
                            let dxhat = Double(dy[i] * gamma[c])
                            sumD += dxhat
                            sumDX += dxhat * Double(normalized[i])
                        }
                        gradients[c] += gg
                        gradients[channels + c] += gb
                    }
                    let meanD = Float(sumD / Double(groupSize))
                    let meanDX = Float(sumDX / Double(groupSize))
                    let inv = inverseStd[n * groups + g]
                    for cc in 0..<perGroup {
                        let c = g * perGroup + cc
                        for s in 0..<spatial {
                            let i = start + cc * spatial + s
                            gradInput.values[i] = inv * (dy[i] * gamma[c] - meanD - normalized[i] * meanDX)
                        }
                    }
                }
            }
        }
        return gradInput
    }

    /// Drops the cached statistics.
    public mutating func clearCache() {
        normalized = []
        inverseStd = []
    }
}
