import ArgumentParser
import Foundation
import SynodCore
import SynodLearning
import SynodTensor

/// `synod train`: trains a registered model on Fashion-MNIST (or MNIST) and reports the test accuracy.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on Fashion-MNIST/MNIST and print its test accuracy.",
        discussion: """
            Hyper-parameters not given on the command line come from the model's defaults \
            (see `synod models`). Progress goes to stderr; the result to stdout.
            """)

    @Option(name: .long, help: "Data set: fashion-mnist or mnist.")
    var dataset = "fashion-mnist"

    @Option(name: .long, help: "Model name (see `synod models`).")
    var model = "mlp"

    @Option(name: .long, help: "Passes over the training set (default 3).")
    var epochs: Int?

    @Option(name: .long, help: "Mini-batch size (default: the model's).")
    var batchSize: Int?

    @Option(name: .long, help: "Learning rate (default: the model's).")
    var lr: Float?

    @Option(name: .long, help: "Optimizer: sgd or adam (default: the model's).")
    var optimizer: String?

    @Option(name: .long, help: "SGD momentum (default: the model's).")
    var momentum: Float?

    @Option(name: .long, help: "Learning-rate schedule: constant or cosine (default: the model's).")
    var schedule: String?

    @Option(name: .long, help: "Weight decay (default 0).")
    var weightDecay: Float?

    @Option(name: .long, help: "Seed for initial weights, shuffling and dropout.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(
        name: .long, help: "Directory holding the IDX files (default: $SYNOD_DATA_DIR or /usr/share/datasets/<name>).")
    var dataDir: String?

    @Option(name: .long, help: "Use only the first N training examples (quick runs).")
    var trainLimit: Int?

    @Option(name: .long, help: "Write the trained weights to this safetensors file.")
    var out: String?

    @Flag(name: .long, help: "Print {\"model\",\"parameters\",\"testAccuracy\",\"trainSeconds\"} as JSON.")
    var json = false

    func validate() throws {
        guard DatasetName(argument: dataset) != nil else {
            throw ValidationError("unknown --dataset '\(dataset)'; use fashion-mnist or mnist")
        }
        guard ModelRegistry.names.contains(model) else {
            throw ValidationError("unknown --model '\(model)'; known: \(ModelRegistry.names.joined(separator: ", "))")
        }
        if let epochs, !(1...10_000).contains(epochs) { throw ValidationError("--epochs must be in 1...10000") }
        if let batchSize, !(1...65_536).contains(batchSize) {
            throw ValidationError("--batch-size must be in 1...65536")
        }
        if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be a positive number") }
        if let momentum, !(momentum >= 0 && momentum < 1) { throw ValidationError("--momentum must be in [0, 1)") }
        if let weightDecay, !(weightDecay >= 0 && weightDecay.isFinite) {
            throw ValidationError("--weight-decay must be ≥ 0")
        }
        if let optimizer, TrainingConfiguration.OptimizerKind(rawValue: optimizer) == nil {
            throw ValidationError("unknown --optimizer '\(optimizer)'; use sgd or adam")
        }
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1...1024") }
        if let schedule, TrainingConfiguration.Schedule(rawValue: schedule) == nil {
            throw ValidationError("unknown --schedule '\(schedule)'; use constant or cosine")
        }
        if let trainLimit, trainLimit < 1 { throw ValidationError("--train-limit must be positive") }
    }

    func run() throws {
        if let threads { Parallelism.threadCount = threads }
        let name = DatasetName(argument: dataset) ?? .fashionMNIST
        let entry = try ModelRegistry.entry(model)
        var config = entry.defaults
        if let epochs { config.epochs = epochs }
        if let batchSize { config.batchSize = batchSize }
        if let lr { config.learningRate = lr }
        if let momentum { config.momentum = momentum }
        if let weightDecay { config.weightDecay = weightDecay }
        if let optimizer, let kind = TrainingConfiguration.OptimizerKind(rawValue: optimizer) {
            config.optimizer = kind
        }
        if let schedule, let kind = TrainingConfiguration.Schedule(rawValue: schedule) { config.schedule = kind }

        let train: LabeledImages
        let test: LabeledImages
        do {
            var loaded = try DatasetLoader.load(name, split: .train, directory: dataDir)
            if let trainLimit, trainLimit < loaded.count { loaded = loaded.slice(0..<trainLimit) }
            train = loaded.normalized(like: name)
            test = try DatasetLoader.load(name, split: .test, directory: dataDir).normalized(like: name)
        } catch {
            throw ValidationError(error.description)
        }
        var net = try ModelRegistry.build(model, seed: seed)
        var optimizerState = try config.makeOptimizer()
        let plan = try MiniBatches(sampleCount: train.count, batchSize: config.batchSize, seed: seed)
        let progress = ProgressLine(enabled: !json)
        if !json {
            progress.message(
                "training \(model) (\(net.parameterCount) parameters) on \(name.rawValue): \(train.count) examples, "
                    + "\(config.epochs) epochs, batch \(config.batchSize), \(config.optimizer.rawValue) lr \(config.learningRate)"
                    + (config.optimizer == .sgd ? " momentum \(config.momentum)" : "")
                    + " (\(config.schedule.rawValue))"
                    + ", \(Parallelism.threadCount) threads")
        }
        let clock = ContinuousClock()
        var trainSeconds = 0.0
        let totalBatches = plan.batchesPerEpoch * config.epochs
        for epoch in 0..<config.epochs {
            let start = clock.now
            let loss = try Trainer.trainEpoch(
                model: &net, optimizer: &optimizerState, images: train.images, labels: train.labels,
                order: plan.order(epoch: epoch), batchSize: config.batchSize,
                learningRate: { b in
                    config.learningRate(step: epoch * plan.batchesPerEpoch + b, totalSteps: totalBatches)
                }
            ) { p in
                let elapsed = (clock.now - start).seconds
                let done = epoch * plan.batchesPerEpoch + p.batchesDone
                let rate = Double(p.examplesDone) / max(elapsed, 1e-9)
                let remaining = Double(totalBatches - done) * elapsed / Double(p.batchesDone)
                progress.update(
                    "epoch \(epoch + 1)/\(config.epochs)  batch \(p.batchesDone)/\(p.batchCount)  "
                        + "\(Int(rate)) samples/s  loss \(String(format: "%.4f", p.meanLoss))  ETA \(formatDuration(remaining))"
                )
            }
            trainSeconds += (clock.now - start).seconds
            if !json {
                let accuracy = try Trainer.accuracy(model: &net, images: test.images, labels: test.labels)
                progress.message(
                    "epoch \(epoch + 1)/\(config.epochs): mean loss \(String(format: "%.4f", loss)), "
                        + "test accuracy \(String(format: "%.4f", accuracy)), \(String(format: "%.1f", trainSeconds)) s"
                )
            }
        }
        let accuracy = try Trainer.accuracy(model: &net, images: test.images, labels: test.labels)
        if let out {
            do {
                try net.safeTensorsFile(metadata: ["dataset": name.rawValue, "testAccuracy": "\(accuracy)"]).write(
                    to: out)
            } catch {
                throw ValidationError("cannot write --out \(out): \(error)")
            }
        }
        if json {
            let result: [String: Any] = [
                "model": model, "parameters": net.parameterCount, "testAccuracy": accuracy,
                "trainSeconds": trainSeconds,
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(
                "test accuracy \(String(format: "%.4f", accuracy)) (\(model), \(config.epochs) epochs, \(String(format: "%.1f", trainSeconds)) s training)"
            )
        }
    }
}

/// A progress line on stderr: rewritten in place on a terminal, throttled plain lines otherwise.
struct ProgressLine {
    let enabled: Bool
    let isTerminal = isatty(2) == 1

    func update(_ text: String) {
        guard enabled, isTerminal else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    func message(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + text + "\n").utf8))
    }
}

func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "?" }
    let s = Int(seconds.rounded())
    return s >= 3600
        ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
