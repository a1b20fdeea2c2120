import SynodCore
import SynodLedger
import SynodTestSupport
import Testing

@testable import SynodPoQI

@Suite struct PoQILedgerModuleTests {
    static let n = 4
    static let samples = 12

    static func setup() throws -> (
        keys: [SigningKey], members: [PublicKey], config: PoQIChainConfiguration, preds: [[[Float]]]
    ) {
        var rng = SeededRandom(seed: 42)
        let keys = (0..<n).map { _ in SigningKey(using: &rng) }.sorted { $0.publicKey < $1.publicKey }
        let (preds, _) = SyntheticData.predictions(nodes: n, samples: samples, accuracy: 0.6, seed: 9)
        let config = PoQIChainConfiguration(
            parameters: .paper, accuracies: [0.7, 0.6, 0.8, 0.65], classCount: 10, streamLength: samples)
        return (keys, keys.map(\.publicKey), config, preds)
    }

    static func record(
        keys: [SigningKey], preds: [[[Float]]], voters: [Int], config: PoQIChainConfiguration, members: [PublicKey]
    ) throws -> PoQIBlockRecord {
        let sets = voters.map { v in
            Signed(
                PoQIPredictionSet(voter: UInt32(v), firstSample: 0, distributions: preds[v]), key: keys[v],
                domain: .poqiPredictions)
        }
        var record = PoQIBlockRecord(
            firstSample: 0, sampleCount: UInt32(samples), predictions: sets, decisions: [], attempts: 0, skippedViews: 0
        )
        var state = try PoQIState(nodeCount: n, parameters: config.parameters, accuracies: config.accuracies)
        let outcome = try PoQILedgerModule.evaluate(record, state: &state, keys: members, configuration: config)
        record.decisions = outcome.decisions
        record.attempts = UInt32(outcome.attempts)
        record.skippedViews = UInt32(outcome.skippedViews)
        return record
    }

    static func header(_ ledger: PoQILedger, _ record: PoQIBlockRecord, proposer: PublicKey) throws -> BlockHeader {
        try ledger.proposeHeader(
            transactions: [.payload(PoQILedgerModule.payload(record))], proposer: proposer.nodeID, view: 0, timestamp: 0
        ).header
    }

    @Test func allVectorsCertifiedGiveTheReferenceLabelsAndPoints() throws {
        let (keys, members, config, preds) = try Self.setup()
        let record = try Self.record(keys: keys, preds: preds, voters: [0, 1, 2, 3], config: config, members: members)
        let reference = try PoQIReference.run(distributions: preds, accuracies: config.accuracies)
        var labels = [Int](repeating: -1, count: Self.samples)
        for d in record.decisions { labels[d.sample] = d.finalClass }
        #expect(labels == reference.finalClasses)
        #expect(record.skippedViews == 0)
        let ledger = try PoQILedger.memory(genesis: PoQILedger.genesis(members: members, configuration: config))
        let (_, state) = try ledger.proposeHeader(
            transactions: [.payload(PoQILedgerModule.payload(record))], proposer: members[0].nodeID, view: 0,
            timestamp: 0)
        let stored = try #require(state.moduleValue(PoQILedgerModule.moduleName, PoQILedgerModule.stateKey))
        let restored = try PoQIState.decodeCompact(
            stored, nodeCount: Self.n, parameters: config.parameters, accuracies: config.accuracies)
        #expect(restored.points == reference.points)
        #expect(restored.sample == Self.samples)
    }

    @Test func wrongClaimsForgedSignaturesAndSmallSetsAreRejected() throws {
        let (keys, members, config, preds) = try Self.setup()
        let ledger = try PoQILedger.memory(genesis: PoQILedger.genesis(members: members, configuration: config))
        let good = try Self.record(keys: keys, preds: preds, voters: [0, 1, 2, 3], config: config, members: members)
        _ = try Self.header(ledger, good, proposer: members[1])

        var wrongLabel = good
        wrongLabel.decisions[0].finalClass = (wrongLabel.decisions[0].finalClass + 1) % 10
        #expect(throws: LedgerError.self) { try Self.header(ledger, wrongLabel, proposer: members[1]) }

        var wrongCount = good
        wrongCount.attempts += 1
        #expect(throws: LedgerError.self) { try Self.header(ledger, wrongCount, proposer: members[1]) }

        // Voter 2's vectors signed by voter 3's key.
        var forged = good
        forged.predictions[2] = Signed(
            PoQIPredictionSet(voter: 2, firstSample: 0, distributions: preds[2]), key: keys[3], domain: .poqiPredictions
        )
        #expect(throws: LedgerError.self) { try Self.header(ledger, forged, proposer: members[1]) }

        // Fewer than a quorum (3 of 4).
        let small = #expect(throws: PoQIError.self) {
            try Self.record(keys: keys, preds: preds, voters: [0, 1], config: config, members: members)
        }
        #expect(small?.code == .invalidMessage)
        #expect(small?.reason == "2 certified prediction sets, need 3")
    }

    @Test func aMissingPrimaryIsSkippedNotPenalised() throws {
        let (keys, members, config, preds) = try Self.setup()
        // Node 0 (the PoQI primary of view 0) is not certified.
        let record = try Self.record(keys: keys, preds: preds, voters: [1, 2, 3], config: config, members: members)
        #expect(record.skippedViews >= 1)
        #expect(record.decisions.count == Self.samples)
        var state = try PoQIState(nodeCount: Self.n, parameters: config.parameters, accuracies: config.accuracies)
        _ = try PoQILedgerModule.evaluate(record, state: &state, keys: members, configuration: config)
        #expect(state.points[0] == config.parameters.initialQualityPoints)
    }

    @Test func aFaultyNodeSignsDifferentVectorsForOneSampleAndBothVerify() throws {
        let (keys, members, config, preds) = try Self.setup()
        let faulty = PoQIFaultyPredictor(ByzantinePrediction(), seed: 7)
        var app = try PoQIApplication(
            replica: 3, key: keys[3], members: members, configuration: config, predictions: preds[3], batchSize: 2,
            lookahead: 3)
        // Heights 1 and 2 both cover block 4's samples (0 and 1).
        let a = try Signed<PoQIPredictionSet>(canonicalBytes: faulty.faultyPredictions(height: 1, honest: &app))
        let b = try Signed<PoQIPredictionSet>(canonicalBytes: faulty.faultyPredictions(height: 2, honest: &app))
        #expect(app.verifyVoteExtension(a.canonicalBytes, voter: 3, height: 1, digest: .zero))
        #expect(app.verifyVoteExtension(b.canonicalBytes, voter: 3, height: 2, digest: .zero))
        #expect(!app.verifyVoteExtension(a.canonicalBytes, voter: 2, height: 1, digest: .zero))
        #expect(!app.verifyVoteExtension(a.canonicalBytes, voter: 3, height: 2, digest: .zero))
        #expect(a.payload.distribution(for: 0) != b.payload.distribution(for: 0))
        // An honest node's extension is its model's vectors.
        var honest = try PoQIApplication(
            replica: 0, key: keys[0], members: members, configuration: config, predictions: preds[0], batchSize: 2,
            lookahead: 3)
        let h = try Signed<PoQIPredictionSet>(canonicalBytes: honest.extendVote(height: 3))
        #expect(h.payload.distributions == Array(preds[0][0..<6]))
    }
}
