import ArgumentParser
import Foundation
import SynodLab
import SynodLearning
import SynodPoQI
import SynodTensor

/// `synod zoo …`: model zoos for PoQI (trained classifiers in safetensors with a manifest).
struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo", abstract: "Train model zoos for PoQI (safetensors + manifest.json).",
        subcommands: [ZooTrainCommand.self])
}

/// `synod zoo train --dataset fashion-mnist --out DIR [--quick]`.
struct ZooTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train 7 diverse classifiers (lenet5, mlp, logistic; seeds and data subsets).")

    @Option(name: .long, help: "Data set (fashion-mnist or mnist).")
    var dataset = "fashion-mnist"

    @Option(name: .long, help: "Output directory.")
    var out: String

    @Option(
        name: .long, help: "Directory holding the IDX files (default: $SYNOD_DATA_DIR or /usr/share/datasets/<name>).")
    var dataDir: String?

    @Flag(name: .long, help: "CI-size run: 1,000 training images, 1 epoch per model.")
    var quick = false

    @Option(name: .long, help: "Epochs per model (default: each model's own; 1 with --quick).")
    var epochs: Int?

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard DatasetName(argument: dataset) != nil else {
            throw ValidationError("unknown --dataset '\(dataset)'; use fashion-mnist or mnist")
        }
        guard !out.isEmpty else { throw ValidationError("--out must name a directory") }
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1...1024") }
        if let epochs, !(1...1000).contains(epochs) { throw ValidationError("--epochs must be in 1...1000") }
    }

    func run() throws {
        if let threads { Parallelism.threadCount = threads }
        let name = DatasetName(argument: dataset)!
        let splits = try ZooData.splits(name, directory: dataDir, quick: quick)
        let epochsPerModel = epochs ?? (quick ? 1 : nil)
        let specs = ZooSpec.standard.map { spec in
            var spec = spec
            if let epochsPerModel { spec.epochs = epochsPerModel }
            return spec
        }
        let start = Date()
        let manifest = try ZooTrainer.trainZoo(
            specs, splits: splits, dataset: name.rawValue, mean: name.standardMean, std: name.standardStd,
            directory: out, log: { print($0) })
        for m in manifest.models {
            print(
                "\(m.name) (\(m.architecture), \(m.parameters) parameters): test \(String(format: "%.2f", m.testAccuracy * 100)) %, "
                    + "validation \(String(format: "%.2f", m.validationAccuracy * 100)) %")
        }
        print(
            "wrote \(manifest.models.count) models to \(out) in \(String(format: "%.0f", Date().timeIntervalSince(start))) s"
        )
    }
}
