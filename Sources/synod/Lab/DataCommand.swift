import ArgumentParser
import SynodLearning

/// `synod data …`: inspect the data sets and how they are split among nodes.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Inspect data sets (Fashion-MNIST, MNIST) and partitions among nodes.",
        subcommands: [DataInfoCommand.self, DataPartitionCommand.self]
    )

    /// The data set options shared by the subcommands.
    struct DatasetOptions: ParsableArguments {
        @Option(name: .long, help: "Data set: fashion-mnist or mnist.")
        var dataset = "fashion-mnist"

        @Option(
            name: .customLong("data-dir"),
            help: "Directory of the IDX files (overrides SYNOD_DATA_DIR; default /usr/share/datasets/<dataset>).")
        var dataDir: String?

        func name() throws -> DatasetName {
            guard let name = DatasetName(argument: dataset) else {
                throw ValidationError("--dataset must be fashion-mnist or mnist, got '\(dataset)'")
            }
            return name
        }

        func load(_ split: DatasetSplit) throws -> LabeledImages {
            try DatasetLoader.load(name(), split: split, directory: dataDir)
        }
    }

}

/// `synod data info`: counts, image size, class histogram and pixel statistics of each split.
struct DataInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print counts, image size, class histogram and pixel statistics of each split.")

    @OptionGroup var options: DataCommand.DatasetOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let name = try options.name()
        var objects: [String] = []
        for split in DatasetSplit.allCases {
            let data = try options.load(split)
            let histogram = data.classHistogram()
            let stats = data.pixelStatistics()
            if json {
                objects.append(
                    "\"\(split.rawValue)\": {\"count\": \(data.count), \"rows\": \(data.rows), "
                        + "\"cols\": \(data.cols), \"classHistogram\": \(histogram), "
                        + "\"pixelMean\": \(stats.mean), \"pixelStd\": \(stats.std)}")
            } else {
                print(
                    "\(name.rawValue) \(split.rawValue): \(data.count) images of \(data.rows)×\(data.cols), "
                        + "pixel mean \(fixed(stats.mean)) std \(fixed(stats.std))")
                for (label, count) in histogram.enumerated() {
                    let className = label < name.classNames.count ? name.classNames[label] : "class \(label)"
                    print("  \(label) \(className.padding(toLength: 12, withPad: " ", startingAt: 0)) \(count)")
                }
            }
        }
        if json { print("{\"dataset\": \"\(name.rawValue)\", " + objects.joined(separator: ", ") + "}") }
    }
}

/// `synod data partition`: how a split is divided among N nodes (per-node class histograms).
struct DataPartitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partition", abstract: "Split the training set among nodes and print each node's class histogram.")

    @OptionGroup var options: DataCommand.DatasetOptions

    @Option(name: .long, help: "Number of nodes.")
    var nodes = 4

    @Option(name: .long, help: "Scheme: iid, one-class (the SPDL split), shards:K, dirichlet:ALPHA.")
    var scheme = "iid"

    @Option(name: .long, help: "Seed for the partition.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...100_000).contains(nodes) else {
            throw ValidationError("--nodes must be in 1...100000, got \(nodes)")
        }
        guard PartitionScheme(argument: scheme) != nil else {
            throw ValidationError(
                "--scheme must be iid, one-class, shards:K (K ≥ 1) or dirichlet:ALPHA (ALPHA > 0), got '\(scheme)'")
        }
    }

    func run() throws {
        let data = try options.load(.train)
        let partitionScheme = PartitionScheme(argument: scheme)!
        let partition = try Partitioner.partition(data, nodeCount: nodes, scheme: partitionScheme, seed: seed)
        print(
            "\(partitionScheme) split of \(data.count) training images among \(nodes) nodes "
                + "(\(partition.assignedCount) assigned); per-node class counts 0…\(data.classCount - 1):")
        for (node, histogram) in partition.classHistograms(labels: data.labels, classCount: data.classCount)
            .enumerated()
        {
            print("  node \(node): \(partition.nodeSizes[node]) \(histogram)")
        }
    }
}

private func fixed(_ x: Double) -> String {
    let scaled = (x * 10_000).rounded() / 10_000
    return String(scaled)
}
