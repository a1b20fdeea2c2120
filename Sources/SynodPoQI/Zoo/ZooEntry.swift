/// One trained classifier of a model zoo, as listed in its manifest.
public struct ZooEntry: Sendable, Hashable, Codable {
    /// Unique name within the zoo (e.g. `lenet5-s1`), also the weights file's stem.
    public var name: String
    /// The ``SynodLearning/ModelRegistry`` architecture.
    public var architecture: String
    /// Trainable parameter count.
    public var parameters: Int
    /// Accuracy on the test split (0…1).
    public var testAccuracy: Double
    /// Accuracy on the held-out validation split (0…1); the weighted-average baseline's weight
    /// and the PoQI `acc` candidate rule use it.
    public var validationAccuracy: Double
    /// The initialisation and shuffling seed.
    public var seed: UInt64
    /// How the training examples were chosen (e.g. `random 30000 of train[0..<55000], seed 7`).
    public var dataSubset: String
    /// Training examples used.
    public var trainingExamples: Int
    /// Passes over them.
    public var epochs: Int
    /// The safetensors file, relative to the manifest's directory.
    public var file: String
    /// SHA-256 of the weights file (hex).
    public var sha256: String

    /// Creates an entry.
    public init(
        name: String, architecture: String, parameters: Int, testAccuracy: Double, validationAccuracy: Double,
        seed: UInt64, dataSubset: String, trainingExamples: Int, epochs: Int, file: String, sha256: String
    ) {
        self.name = name
        self.architecture = architecture
        self.parameters = parameters
        self.testAccuracy = testAccuracy
        self.validationAccuracy = validationAccuracy
        self.seed = seed
        self.dataSubset = dataSubset
        self.trainingExamples = trainingExamples
        self.epochs = epochs
        self.file = file
        self.sha256 = sha256
    }
}
