import SynodCore

/// A problem's hidden test set {X_test, Y_test} and the salt of its commitment.
///
/// At submission the submitter posts `H(X_test ‖ Y_test ‖ salt)`
/// (``commitment``: SHA-256 of the hash domain `pouw/test-commitment` followed by the canonical
/// float arrays X and Y and the 32-byte salt). It reveals X_test after the commit deadline (§IV.C
/// step 2a) and Y_test with the salt only after the prediction deadline, so every replica recomputes
/// the scores itself and no miner sees Y_test before its predictions are on the ledger.
public struct PoUWTestSet: Hashable, Sendable {
    /// X_test, row-major: `sampleCount × task.inputWidth` values.
    public let inputs: [Float]
    /// Y_test: one value per sample (a class index for the classifiers).
    public let labels: [Float]
    /// The commitment's 32-byte salt.
    public let salt: [UInt8]

    /// Creates a test set (not validated; see ``validate(task:sampleCount:)``).
    public init(inputs: [Float], labels: [Float], salt: [UInt8]) {
        self.inputs = inputs
        self.labels = labels
        self.salt = salt
    }

    /// `H(X_test ‖ Y_test ‖ salt)`.
    public var commitment: Digest { Self.commitment(inputs: inputs, labels: labels, salt: salt) }

    /// `H(X_test ‖ Y_test ‖ salt)` from its parts.
    public static func commitment(inputs: [Float], labels: [Float], salt: [UInt8]) -> Digest {
        var encoder = CanonicalEncoder(reservingCapacity: 48 + (inputs.count + labels.count) * 4)
        encoder.encode(floats: inputs)
        encoder.encode(floats: labels)
        encoder.encode(fixedBytes: salt)
        return Digest.sha256(SigningDomain.pouwTestCommitment.message(for: encoder.bytes))
    }

    /// The digest identifying X_test (its floats' little-endian bytes) in the set of used test inputs.
    public static func inputsDigest(_ inputs: [Float]) -> Digest { Digest.sha256(floats: inputs) }

    /// Checks X_test: `sampleCount × inputWidth` finite values.
    public static func validate(inputs: [Float], task: PoUWTaskKind, sampleCount: Int) throws(PoUWError) {
        guard inputs.count == sampleCount * task.inputWidth else {
            throw PoUWError(
                .malformed, field: "inputs",
                "X_test needs \(sampleCount) × \(task.inputWidth) values, got \(inputs.count)")
        }
        if let index = inputs.firstIndex(where: { !$0.isFinite }) {
            throw PoUWError(.malformed, field: "inputs[\(index)]", "X_test values must be finite")
        }
    }

    /// Checks Y_test: one finite value per sample; for the classifiers a class index in
    /// `0..<outputWidth`.
    public static func validate(labels: [Float], task: PoUWTaskKind, sampleCount: Int) throws(PoUWError) {
        guard labels.count == sampleCount else {
            throw PoUWError(.malformed, field: "labels", "Y_test needs \(sampleCount) values, got \(labels.count)")
        }
        for (index, label) in labels.enumerated() {
            let valid =
                task.isClassification
                ? label >= 0 && label < Float(task.outputWidth) && label.rounded(.towardZero) == label
                : label.isFinite
            guard valid else {
                throw PoUWError(.malformed, field: "labels[\(index)]", "\(label) is not a valid label for \(task)")
            }
        }
    }
}
