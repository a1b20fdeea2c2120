import SynodCore
import Testing

@testable import SynodPoQI

/// Synthetic softmax outputs: node i is right with probability `accuracy[i]`, else a random class.
func syntheticPredictions(nodes: Int, samples: Int, accuracy: Double = 0.75, seed: UInt64 = 3) -> (
    predictions: [[[Float]]], labels: [Int]
) {
    var rng = SeededRandom(seed: seed)
    let labels = (0..<samples).map { _ in rng.uniformInt(in: 0..<10) }
    let predictions = (0..<nodes).map { _ in
        labels.map { label -> [Float] in
            let c = rng.bernoulli(accuracy) ? label : rng.uniformInt(in: 0..<10)
            var v = (0..<10).map { _ in Float(rng.uniform(0, 0.1)) }
            v[c] += Float(rng.uniform(0.3, 0.9))
            let sum = v.reduce(0, +)
            return v.map { $0 / sum }
        }
    }
    return (predictions, labels)
}

@Suite struct PoQISimulationTests {
    @Test func allHonestMatchesTheReference() throws {
        let (preds, _) = syntheticPredictions(nodes: 5, samples: 40, accuracy: 0.6)
        let acc = [0.8, 0.7, 0.75, 0.6, 0.65]
        let reference = try PoQIReference.run(distributions: preds, accuracies: acc)
        let run = try PoQISimulation.run(
            predictions: preds, classCount: 10, configuration: .init(accuracies: acc, keepBlocks: true))
        for i in 0..<5 {
            #expect(run.finalClasses[i] == reference.finalClasses)
            #expect(run.replicas[i].state.points == reference.points)
            #expect(run.replicas[i].headHash == run.replicas[0].headHash)
        }
        #expect(run.viewChanges == 0)
        #expect(reference.decisions.contains { $0.rule != .primary } || reference.attempts >= 40)
    }

    @Test func equivocatingFaultyNodesCannotSplitHonestNodes() throws {
        for (n, f) in [(4, 1), (5, 1), (7, 2), (5, 2)] {
            let (preds, _) = syntheticPredictions(nodes: n, samples: 30, accuracy: 0.7, seed: UInt64(n * 10 + f))
            let run = try PoQISimulation.run(
                predictions: preds, classCount: 10,
                configuration: .init(
                    faulty: Array((n - f)..<n), byzantine: ByzantinePrediction(scale: 1, equivocate: true),
                    accuracies: [Double](repeating: 0.7, count: n), seed: 9))
            let honest = run.honest
            #expect(honest.count == n - f)
            for i in honest {
                #expect(run.finalClasses[i] == run.finalClasses[honest[0]], "N=\(n) f=\(f) node \(i)")
                #expect(run.replicas[i].headHash == run.replicas[honest[0]].headHash)
                #expect(!run.finalClasses[i].contains(-1))
            }
        }
    }

    @Test func decidedBlocksCarryVerifiableCertificates() throws {
        let (preds, _) = syntheticPredictions(nodes: 4, samples: 5)
        let run = try PoQISimulation.run(
            predictions: preds, classCount: 10,
            configuration: .init(faulty: [3], accuracies: [1, 1, 1, 1], keepBlocks: true))
        let replica = run.replicas[0]
        let members = Set(replica.committee)
        var previous = Digest.zero
        for (h, block) in replica.blocks.enumerated() {
            try block.commitCertificate.verify(
                members: members, phase: .commit, height: UInt64(h), blockHash: block.hash)
            #expect(block.proposal.payload.previousHash == previous)
            #expect(block.proposal.payload.verdicts.count >= QuorumCertificate.quorum(memberCount: 4) - 1)
            previous = block.hash
            let decoded = try PoQIBlock(canonicalBytes: block.canonicalBytes)
            #expect(decoded == block)
        }
        #expect(previous == replica.headHash)
    }

    @Test func tamperedProposalIsRejected() throws {
        let (preds, _) = syntheticPredictions(nodes: 4, samples: 3)
        let run = try PoQISimulation.run(
            predictions: preds, classCount: 10, configuration: .init(accuracies: [1, 1, 1, 1], keepBlocks: true))
        let block = try #require(run.replicas[0].blocks.first)
        let fresh = try PoQIState(nodeCount: 4, parameters: .paper, accuracies: [1, 1, 1, 1])
        let view = block.proposal.payload.prePrepare.payload.view
        var cache = SignatureCache()
        // The original validates against the genesis state.
        _ = try PoQIProposalCheck.validate(
            block.proposal, state: fresh, committee: run.replicas[0].committee, view: view, headHash: .zero, height: 0,
            classCount: 10, cache: &cache)
        // Flip the outcome and re-sign with a key that is not the primary's: rejected.
        var p = block.proposal.payload
        p.accepted.toggle()
        var rng = SeededRandom(seed: 77)
        let outsider = SigningKey(using: &rng)
        let forged = Signed(p, key: outsider, domain: .poqiProposal)
        #expect(throws: PoQIError(.invalidMessage, "")) {
            try PoQIProposalCheck.validate(
                forged, state: fresh, committee: run.replicas[0].committee, view: view, headHash: .zero, height: 0,
                classCount: 10, cache: &cache)
        }
        // Dropping verdicts below quorum − 1 is rejected too (even before the signature check matters).
        var thin = block.proposal.payload
        thin.verdicts = Array(thin.verdicts.prefix(1))
        let thinSigned = Signed(thin, key: outsider, domain: .poqiProposal)
        #expect(throws: PoQIError(.invalidMessage, "")) {
            try PoQIProposalCheck.validate(
                thinSigned, state: fresh, committee: run.replicas[0].committee, view: view, headHash: .zero, height: 0,
                classCount: 10, cache: &cache)
        }
    }

    @Test func sameSeedSameRun() throws {
        let (preds, _) = syntheticPredictions(nodes: 5, samples: 20)
        let config = PoQISimulation.Configuration(faulty: [4], accuracies: [Double](repeating: 0.5, count: 5), seed: 4)
        let a = try PoQISimulation.run(predictions: preds, classCount: 10, configuration: config)
        let b = try PoQISimulation.run(predictions: preds, classCount: 10, configuration: config)
        #expect(a.finalClasses == b.finalClasses)
        #expect(a.replicas[0].headHash == b.replicas[0].headHash)
        #expect(a.messages == b.messages)
    }
}
