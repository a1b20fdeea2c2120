#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads MNIST-format data sets (Fashion-MNIST, MNIST) from IDX files.
///
/// **Where the files are looked for** (first rule that applies wins; an explicit choice that does
/// not hold the files is an error, never a silent fall-back):
/// 1. the `directory` argument (the CLI's `--data-dir`);
/// 2. the environment variable `SYNOD_DATA_DIR`;
/// 3. the data set's default directory, `/usr/share/datasets/<name>` (``DatasetName/defaultDirectory``).
///
/// Within the chosen directory `D`, the files are looked for in `D` itself, then in
/// `D/<name>` (`fashion-mnist` or `mnist`), so `SYNOD_DATA_DIR=/usr/share/datasets` serves both
/// data sets. Each file is `<prefix>-images-idx3-ubyte` / `<prefix>-labels-idx1-ubyte` with prefix
/// `train` or `t10k`; the `.gz` name is tried first, then the raw one. Whether a file is
/// gzip-compressed is decided by its content (magic `1f 8b`), not its name.
///
/// Validation: images must be IDX `0x00000803` (unsigned bytes, count × rows × cols), labels
/// `0x00000801` (unsigned bytes, count); the counts must agree and every label must be < 10.
public enum DatasetLoader {
    /// The environment variable that overrides the default data directory.
    public static let environmentVariable = "SYNOD_DATA_DIR"

    /// Loads one split of a data set, pixels scaled to [0, 1].
    ///
    /// - Parameters:
    ///   - name: the data set.
    ///   - split: train or test.
    ///   - directory: the directory holding the files; overrides `SYNOD_DATA_DIR` and the default.
    ///   - environment: the environment to read `SYNOD_DATA_DIR` from (the process's by default).
    ///   - limit: keep only the first `limit` images (the whole files are still validated); a quick
    ///     way for tests to use a small slice without converting all 47 million pixels.
    /// - Throws: ``DatasetError`` naming the file, what is wrong and how to install the data.
    public static func load(
        _ name: DatasetName, split: DatasetSplit, directory: String? = nil,
        environment: [String: String]? = nil, limit: Int? = nil
    ) throws(DatasetError) -> LabeledImages {
        if let limit, limit < 0 {
            throw DatasetError(.invalidArgument, "limit must not be negative, got \(limit)")
        }
        let base = resolveDirectory(name, directory: directory, environment: environment ?? processEnvironment())
        let imagesPath = try locate(name, split: split, kind: "images-idx3-ubyte", base: base)
        let labelsPath = try locate(name, split: split, kind: "labels-idx1-ubyte", base: base)
        let imagesArray = try readIDX(imagesPath, name)
        let labelsArray = try readIDX(labelsPath, name)
        return try assemble(
            images: imagesArray, imagesPath: imagesPath, labels: labelsArray, labelsPath: labelsPath,
            classCount: name.classCount, limit: limit)
    }

    /// The directory chosen by the precedence rules above (before looking for a `<name>` subdirectory).
    public static func resolveDirectory(
        _ name: DatasetName, directory: String?, environment: [String: String]
    ) -> (path: String, source: String) {
        if let directory, !directory.isEmpty { return (directory, "--data-dir") }
        if let env = environment[environmentVariable], !env.isEmpty { return (env, environmentVariable) }
        return (name.defaultDirectory, "the default directory")
    }

    /// The path of one of the four files, or a `.fileMissing` error listing every path tried.
    static func locate(
        _ name: DatasetName, split: DatasetSplit, kind: String, base: (path: String, source: String)
    ) throws(DatasetError) -> String {
        let fileName = "\(split.filePrefix)-\(kind)"
        let directories = [base.path, join(base.path, name.rawValue)]
        var tried: [String] = []
        for directory in directories {
            for candidate in [fileName + ".gz", fileName] {
                let path = join(directory, candidate)
                tried.append(path)
                if FileBytes.exists(path) { return path }
            }
        }
        throw DatasetError(
            .fileMissing, file: join(base.path, fileName + ".gz"),
            "\(name.rawValue) \(split.rawValue) \(kind) file not found in \(base.path) (chosen by \(base.source)); "
                + "tried \(tried.joined(separator: ", ")). \(DatasetError.installHint(for: name))")
    }

    static func readIDX(_ path: String, _ name: DatasetName) throws(DatasetError) -> IDXArray {
        do {
            return try IDXArray.read(path)
        } catch {
            switch error.code {
            case .fileNotFound:
                throw DatasetError(.fileMissing, file: path, "\(error). \(DatasetError.installHint(for: name))")
            case .unreadable:
                throw DatasetError(.unreadable, file: path, "\(error) (check permissions)")
            default:
                let fix =
                    name == .fashionMNIST
                    ? "Reinstall the data (`apt-get install --reinstall dataset-fashion-mnist`) or pass a "
                        + "directory with intact files (`--data-dir DIR` or SYNOD_DATA_DIR)."
                    : "Replace the file with an intact copy, or pass another directory (`--data-dir DIR`)."
                throw DatasetError(.corruptFile, file: path, "corrupt IDX file: \(error). \(fix)")
            }
        }
    }

    /// Checks and combines an image array and a label array into a data set (pixels / 255).
    ///
    /// - Throws: ``DatasetError`` `.corruptFile` (wrong magic/type/rank), `.inconsistent` (counts
    ///   differ, label ≥ `classCount`).
    public static func assemble(
        images: IDXArray, imagesPath: String = FileFormatError.memory, labels: IDXArray,
        labelsPath: String = FileFormatError.memory, classCount: Int = 10, limit: Int? = nil
    ) throws(DatasetError) -> LabeledImages {
        guard images.elementType == .uint8, images.dimensions.count == 3 else {
            throw DatasetError(
                .corruptFile, file: imagesPath,
                "an image file must be IDX magic 0x00000803 (unsigned bytes, 3 dimensions); found type "
                    + "\(images.elementType) with \(images.dimensions.count) dimensions. Is this a label file?")
        }
        guard labels.elementType == .uint8, labels.dimensions.count == 1 else {
            throw DatasetError(
                .corruptFile, file: labelsPath,
                "a label file must be IDX magic 0x00000801 (unsigned bytes, 1 dimension); found type "
                    + "\(labels.elementType) with \(labels.dimensions.count) dimensions. Is this an image file?")
        }
        let count = images.dimensions[0]
        let rows = images.dimensions[1]
        let cols = images.dimensions[2]
        guard rows > 0, cols > 0 else {
            throw DatasetError(.corruptFile, file: imagesPath, "images are \(rows)×\(cols)")
        }
        guard labels.dimensions[0] == count else {
            throw DatasetError(
                .inconsistent, file: labelsPath,
                "\(labels.dimensions[0]) labels for \(count) images in \(imagesPath)")
        }
        if let i = labels.payload.firstIndex(where: { Int($0) >= classCount }) {
            throw DatasetError(
                .inconsistent, file: labelsPath,
                "label \(labels.payload[i]) of image \(i) is outside 0..<\(classCount)")
        }
        // x / 255 exactly as torchvision's ToTensor (division, not multiplication by 1/255), through
        // a 256-entry table and raw buffers so that loading stays fast in debug builds too.
        let kept = min(count, limit ?? count)
        let valueCount = kept * rows * cols
        var table = [Float](repeating: 0, count: 256)
        for v in 0..<256 { table[v] = Float(v) / 255 }
        let pixels = [Float](unsafeUninitializedCapacity: valueCount) { out, initialized in
            images.payload.withUnsafeBufferPointer { src in
                table.withUnsafeBufferPointer { t in
                    for i in 0..<valueCount { out[i] = t[Int(src[i])] }
                }
            }
            initialized = valueCount
        }
        return LabeledImages(
            unchecked: pixels, labels: labels.payload[0..<kept].map { Int32($0) }, rows: rows, cols: cols,
            classCount: classCount)
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func processEnvironment() -> [String: String] {
        guard let value = getenv(environmentVariable) else { return [:] }
        return [environmentVariable: String(cString: value)]
    }
}
