import SynodCore

/// A problem's deadlines, in block heights (inclusive): commitments up to ``commit``; X_test is
/// revealed in `(commit, revealTest]`; predictions up to ``predict``; Y_test and the salt in
/// `(predict, revealLabels]`. Then the award: each candidate, best first, gets the genesis's
/// publish window to publish its block.
public struct PoUWDeadlines: Hashable, Sendable, CanonicalCodable {
    /// Last height for a model commitment (§IV.C step 1c's timeout).
    public let commit: UInt64
    /// Last height for the reveal of X_test.
    public let revealTest: UInt64
    /// Last height for predictions Ŷ.
    public let predict: UInt64
    /// Last height for the reveal of Y_test (the scores follow from it).
    public let revealLabels: UInt64

    /// Creates deadlines (validated against the submission height by the rules).
    public init(commit: UInt64, revealTest: UInt64, predict: UInt64, revealLabels: UInt64) {
        self.commit = commit
        self.revealTest = revealTest
        self.predict = predict
        self.revealLabels = revealLabels
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(commit)
        encoder.encode(revealTest)
        encoder.encode(predict)
        encoder.encode(revealLabels)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        commit = try decoder.decodeUInt64(field + ".commit")
        revealTest = try decoder.decodeUInt64(field + ".revealTest")
        predict = try decoder.decodeUInt64(field + ".predict")
        revealLabels = try decoder.decodeUInt64(field + ".revealLabels")
    }
}
