import SynodCore

/// Named model architectures (for `synod train --model NAME`, PoQI ensembles and SPDL).
///
/// All take 1×28×28 images (Fashion-MNIST / MNIST) and output 10 logits. Parameter counts are
/// fixed by the architecture (see `docs/learning.md`).
public enum ModelRegistry {
    /// One registered architecture.
    public struct Entry: Sendable {
        /// Name used on the command line.
        public let name: String
        /// One-line description.
        public let summary: String
        /// Default training hyper-parameters (used by `synod train` when no flag overrides them).
        public let defaults: TrainingConfiguration
        let layers: @Sendable (UInt64) -> [any Layer]
    }

    /// The input shape every registered model takes.
    public static let inputShape = [1, 28, 28]

    /// All architectures, in listing order.
    public static let entries: [Entry] = [
        Entry(
            name: "logistic",
            summary: "multinomial logistic regression 784→10 (the SPDL reference model)",
            defaults: TrainingConfiguration(
                optimizer: .sgd, learningRate: 0.01, momentum: 0.9, batchSize: 64, schedule: .cosine),
            layers: { _ in [Flatten(), Dense(784, 10, name: "fc")] }),
        Entry(
            name: "mlp",
            summary: "MLP 784→256→128→10 with ReLU",
            defaults: TrainingConfiguration(
                optimizer: .sgd, learningRate: 0.05, momentum: 0.9, batchSize: 64, schedule: .cosine),
            layers: { _ in
                [
                    Flatten(), Dense(784, 256, name: "fc1"), ReLU(), Dense(256, 128, name: "fc2"), ReLU(),
                    Dense(128, 10, name: "fc3"),
                ]
            }),
        Entry(
            name: "lenet5",
            summary: "LeNet-5 (LeCun et al. 1998) with ReLU and max pooling: conv5(6)-pool-conv5(16)-pool-120-84-10",
            defaults: TrainingConfiguration(
                optimizer: .sgd, learningRate: 0.05, momentum: 0.9, batchSize: 64, schedule: .cosine),
            layers: { _ in
                [
                    Conv2D(1, 6, kernel: 5, padding: 2, name: "conv1"), ReLU(), MaxPool2D(2),
                    Conv2D(6, 16, kernel: 5, name: "conv2"), ReLU(), MaxPool2D(2), Flatten(),
                    Dense(400, 120, name: "fc1"), ReLU(), Dense(120, 84, name: "fc2"), ReLU(),
                    Dense(84, 10, name: "fc3"),
                ]
            }),
        Entry(
            name: "vgg",
            summary: "small VGG-style CNN: 2×conv3(16)-pool-2×conv3(32)-pool-128-dropout-10",
            defaults: TrainingConfiguration(
                optimizer: .sgd, learningRate: 0.05, momentum: 0.9, batchSize: 64, schedule: .cosine),
            layers: { seed in
                [
                    Conv2D(1, 16, kernel: 3, padding: 1, name: "conv1"), ReLU(),
                    Conv2D(16, 16, kernel: 3, padding: 1, name: "conv2"), ReLU(), MaxPool2D(2),
                    Conv2D(16, 32, kernel: 3, padding: 1, name: "conv3"), ReLU(),
                    Conv2D(32, 32, kernel: 3, padding: 1, name: "conv4"), ReLU(), MaxPool2D(2), Flatten(),
                    Dense(32 * 7 * 7, 128, name: "fc1"), ReLU(), Dropout(0.25, seed: seed),
                    Dense(128, 10, name: "fc2"),
                ]
            }),
        Entry(
            name: "resnet",
            summary:
                "small ResNet-style CNN with GroupNorm and skip connections: 16-16-32-64 channels, global average pool",
            defaults: TrainingConfiguration(
                optimizer: .sgd, learningRate: 0.05, momentum: 0.9, batchSize: 64, schedule: .cosine),
            layers: { _ in
                [
                    Conv2D(1, 16, kernel: 3, padding: 1, name: "conv1"),
                    GroupNorm(groups: 4, channels: 16, name: "gn1"),
                    ReLU(),
                    basicBlock(16, 16, stride: 1, name: "layer1"), ReLU(),
                    basicBlock(16, 32, stride: 2, name: "layer2"), ReLU(),
                    basicBlock(32, 64, stride: 2, name: "layer3"), ReLU(),
                    GlobalAveragePool(), Dense(64, 10, name: "fc"),
                ]
            }),
        Entry(
            name: "widecnn",
            summary: "wide shallow CNN: conv5(64)-maxpool4-dropout-10",
            defaults: TrainingConfiguration(
                optimizer: .sgd, learningRate: 0.05, momentum: 0.9, batchSize: 64, schedule: .cosine),
            layers: { seed in
                [
                    Conv2D(1, 64, kernel: 5, padding: 2, name: "conv1"), ReLU(), MaxPool2D(4), Flatten(),
                    Dropout(0.3, seed: seed), Dense(64 * 7 * 7, 10, name: "fc"),
                ]
            }),
    ]

    /// The registered names, in listing order.
    public static var names: [String] { entries.map(\.name) }

    /// The entry for a name; throws `unknownName` listing the valid names.
    public static func entry(_ name: String) throws(ModelError) -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw ModelError(.unknownName, "unknown model '\(name)'; known models: \(names.joined(separator: ", "))")
        }
        return entry
    }

    /// Builds and initialises a model from its name and a seed.
    public static func build(_ name: String, seed: UInt64) throws(ModelError) -> Model {
        let entry = try entry(name)
        return try Model(name: name, inputShape: inputShape, layers: entry.layers(seed), seed: seed)
    }

    /// The parameter count of a named model.
    public static func parameterCount(_ name: String) throws(ModelError) -> Int {
        let entry = try entry(name)
        return Sequential(entry.layers(0)).parameterCount
    }

    /// A ResNet basic block (He et al. 2016, Fig. 2) with GroupNorm: conv3-GN-ReLU-conv3-GN plus
    /// an identity shortcut, or a 1×1 strided conv + GN projection when the shape changes.
    static func basicBlock(_ inputs: Int, _ outputs: Int, stride: Int, name: String) -> Residual {
        let body: [any Layer] = [
            Conv2D(inputs, outputs, kernel: 3, stride: stride, padding: 1, name: "\(name).conv1"),
            GroupNorm(groups: 4, channels: outputs, name: "\(name).gn1"), ReLU(),
            Conv2D(outputs, outputs, kernel: 3, padding: 1, name: "\(name).conv2"),
            GroupNorm(groups: 4, channels: outputs, name: "\(name).gn2"),
        ]
        let shortcut: [any Layer] =
            stride == 1 && inputs == outputs
            ? []
            : [
                Conv2D(inputs, outputs, kernel: 1, stride: stride, name: "\(name).shortcut.0"),
                GroupNorm(groups: 4, channels: outputs, name: "\(name).shortcut.1"),
            ]
        return Residual(body: body, shortcut: shortcut)
    }
}
