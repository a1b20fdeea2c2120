import SynodCore

/// A failure to find, read, validate or split a data set.
///
/// The reason says what is wrong and which file; for a missing or corrupt data file it also says
/// how to install the data (``installHint``). Equality compares the code and the file only.
public struct DatasetError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// A data file is not there.
        case fileMissing
        /// A data file exists but cannot be read.
        case unreadable
        /// A data file is corrupt: bad magic, truncated, bad gzip stream, wrong dimensions.
        case corruptFile
        /// The image and label files disagree (counts), or a label is out of range.
        case inconsistent
        /// An argument is invalid (batch size, node count, α, indices out of range …).
        case invalidArgument
        /// A partition scheme cannot be applied to this data (e.g. fewer samples than nodes).
        case unsatisfiable
    }

    /// The failure's code.
    public let code: Code
    /// The file concerned, if any.
    public let file: String?
    /// A human-readable explanation, including how to fix it where that is known.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, file: String? = nil, _ reason: String) {
        self.code = code
        self.file = file
        self.reason = reason
    }

    /// How to get the data, appended to every missing/corrupt-file error.
    public static func installHint(for name: DatasetName) -> String {
        switch name {
        case .fashionMNIST: installHint
        case .mnist:
            "MNIST has no Debian package: put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (raw or gzip) in a directory and pass "
                + "it with `--data-dir DIR` or SYNOD_DATA_DIR (or install them in /usr/share/datasets/mnist)."
        }
    }

    /// How to get Fashion-MNIST, the default data set.
    public static let installHint =
        "Install Fashion-MNIST with `apt-get install dataset-fashion-mnist` (files in "
        + "/usr/share/datasets/fashion-mnist), or point Synod at a directory holding the IDX files "
        + "with `--data-dir DIR` or the environment variable SYNOD_DATA_DIR."

    /// The file, which equality compares.
    public var context: SynodErrorContext { SynodErrorContext(file: file) }

    /// `code: file: reason`, or `code: reason` without a file.
    public var description: String {
        if let file { return "\(code.rawValue): \(file): \(reason)" }
        return "\(code.rawValue): \(reason)"
    }
}
