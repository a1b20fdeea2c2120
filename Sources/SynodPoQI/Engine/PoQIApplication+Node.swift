import SynodCore
import SynodLearning

extension PoQIApplication {
    /// The application of a node process (`synod node --protocol poqi`): member `replica` of the
    /// committee runs the zoo model at manifest position `replica` (the zoo directory must list at
    /// least one model per member, in member order) on `samples` (the stream, normalised as the
    /// manifest says, e.g. ``ZooData/testSet(_:directory:samples:)``), with every member's
    /// validation accuracy from the manifest.
    ///
    /// Every member must use the same zoo manifest, `parameters`, stream length, batch and
    /// lookahead (they are recorded in, or implied by, the genesis the ledger is created with).
    ///
    /// - Throws: `PoQIError` if the zoo cannot be loaded, is too small, or the arguments disagree.
    public static func node(
        replica: Int, key: SigningKey, members: [PublicKey], parameters: PoQIParameters, zooDirectory: String,
        samples: LabeledImages, batchSize: Int = 16, lookahead: Int = 3
    ) throws(PoQIError) -> PoQIApplication {
        let manifest = try ZooManifest.read(directory: zooDirectory)
        guard manifest.models.count >= members.count else {
            throw PoQIError(
                .invalidZoo, "the zoo lists \(manifest.models.count) models for \(members.count) members")
        }
        guard members.indices.contains(replica) else {
            throw PoQIError(.invalidArgument, "replica \(replica) is not in 0..<\(members.count)")
        }
        var model = try ZooModel.load(manifest.models[replica], directory: zooDirectory)
        let predictions = try model.softmax(samples)
        let configuration = PoQIChainConfiguration(
            parameters: parameters, accuracies: manifest.models.prefix(members.count).map(\.validationAccuracy),
            classCount: samples.classCount, streamLength: samples.count)
        return try PoQIApplication(
            replica: replica, key: key, members: members, configuration: configuration, predictions: predictions,
            batchSize: batchSize, lookahead: lookahead)
    }
}
