/// The image classification data sets Synod reads from IDX files.
public enum DatasetName: String, Sendable, Hashable, CaseIterable {
    /// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 60,000 + 10,000 grey 28×28 images of 10
    /// clothing classes. Debian package `dataset-fashion-mnist`.
    case fashionMNIST = "fashion-mnist"
    /// MNIST (LeCun et al. 1998): 60,000 + 10,000 grey 28×28 images of handwritten digits, in the
    /// same IDX format. No Debian package ships it; pass its directory explicitly.
    case mnist = "mnist"

    /// Parses a command-line name: `fashion-mnist`/`fashion_mnist`/`fashionmnist`, `mnist`
    /// (case-insensitive).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "fashion-mnist", "fashion_mnist", "fashionmnist", "fmnist": self = .fashionMNIST
        case "mnist": self = .mnist
        default: return nil
        }
    }

    /// The default directory: `/usr/share/datasets/<name>` (where Debian's
    /// `dataset-fashion-mnist` installs its files).
    public var defaultDirectory: String { "/usr/share/datasets/\(rawValue)" }

    /// The number of classes (10 for both).
    public var classCount: Int { 10 }

    /// The class names, index = label.
    public var classNames: [String] {
        switch self {
        case .fashionMNIST:
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        case .mnist:
            (0..<10).map(String.init)
        }
    }

    /// The mean of all training-set pixels scaled to [0, 1], for ``LabeledImages/normalized(mean:std:)``.
    ///
    /// Computed over the 60,000 training images × 784 pixels (checked by a test against the installed
    /// Fashion-MNIST): Fashion-MNIST 0.2860, MNIST 0.1307 (the value used by PyTorch's examples).
    public var standardMean: Float {
        switch self {
        case .fashionMNIST: 0.2860
        case .mnist: 0.1307
        }
    }

    /// The population standard deviation of all training-set pixels scaled to [0, 1]:
    /// Fashion-MNIST 0.3530, MNIST 0.3081.
    public var standardStd: Float {
        switch self {
        case .fashionMNIST: 0.3530
        case .mnist: 0.3081
        }
    }

    /// The expected number of images in each split (60,000 train, 10,000 test).
    public func expectedCount(_ split: DatasetSplit) -> Int {
        split == .train ? 60_000 : 10_000
    }
}
