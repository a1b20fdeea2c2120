/// Which part of a data set to load.
public enum DatasetSplit: String, Sendable, Hashable, CaseIterable {
    /// The training split (`train-*` files).
    case train
    /// The test split (`t10k-*` files).
    case test

    /// The file-name prefix of this split in the MNIST distribution: `train` or `t10k`.
    public var filePrefix: String {
        switch self {
        case .train: "train"
        case .test: "t10k"
        }
    }
}
