import SynodCore
import SynodPoUW
import SynodTestSupport

/// One seeded competition for the tests: a registered submitter, miners in replica order (sorted
/// by public key), their models and salts, the problem and its test set, and the transactions of
/// every step. Heights: submit 1, commit ≤ 3, X_test in (3, 5], Ŷ ≤ 7, Y_test in (7, 9].
struct PoUWScenario {
    let submitter: SigningKey
    let miners: [SigningKey]
    let configuration: PoUWConfiguration
    let problem: PoUWProblem
    let testSet: PoUWTestSet
    var models: [PoUWModel]
    let salts: [[UInt8]]

    static let deadlines = PoUWDeadlines(commit: 3, revealTest: 5, predict: 7, revealLabels: 9)

    /// The notebook's test set (`x_test`, `y_test`).
    static let xTest: [Float] = [0.5, 2.1, 4.2, 0.6, 7.1, 9.2, 1, 3, 1]
    static let yTest: [Float] = [6, 8, 3, 10, 2.2, 0.1, 3.2, 6.1, 8.8]

    /// Regression with the notebook's test set; miner i holds `weights[i]` = (w0, w1).
    static func regression(
        weights: [(Float, Float)] = [(7.5, -0.8), (7.98973, -0.853923), (8.15666, -0.87104), (6, 0)],
        seed: UInt64 = 1, configuration: ((PublicKey) -> PoUWConfiguration)? = nil, nonce: UInt64 = 0,
        inputs: [Float] = xTest
    ) -> PoUWScenario {
        let models = weights.map { try! PoUWModel(task: .linearRegression, parameters: [$0.0, $0.1]) }
        return make(
            task: .linearRegression, models: models, inputs: inputs, labels: yTest, seed: seed,
            configuration: configuration, nonce: nonce)
    }

    static func make(
        task: PoUWTaskKind, models: [PoUWModel], inputs: [Float], labels: [Float], seed: UInt64,
        configuration: ((PublicKey) -> PoUWConfiguration)?, nonce: UInt64 = 0,
        keys: (submitter: SigningKey, miners: [SigningKey])? = nil
    ) -> PoUWScenario {
        let drawn = TestKeys.signing(models.count + 1, seed: seed)
        let submitter = keys?.submitter ?? drawn[0]
        let miners = (keys?.miners ?? Array(drawn.dropFirst())).sorted { $0.publicKey < $1.publicKey }
        var rng = SeededRandom(seed: seed).split("salts")
        let salts = (0...models.count).map { _ in
            var salt = [UInt8](repeating: 0, count: 32)
            rng.fill(&salt)
            return salt
        }
        let testSet = PoUWTestSet(inputs: inputs, labels: labels, salt: salts[models.count])
        let problem = PoUWProblem(
            submitter: submitter.publicKey, task: task, trainingSetDigest: Digest.sha256(Array("train".utf8)),
            testSampleCount: UInt32(labels.count), testCommitment: testSet.commitment, bounty: 100, fee: 5,
            deadlines: deadlines, nonce: nonce)
        let config =
            configuration?(submitter.publicKey)
            ?? PoUWConfiguration(submitters: [submitter.publicKey], fee: 5, minimumBounty: 10, publishWindow: 2)
        return PoUWScenario(
            submitter: submitter, miners: Array(miners), configuration: config, problem: problem, testSet: testSet,
            models: models, salts: Array(salts.prefix(models.count)))
    }

    /// A fresh competition state: the submitter holds 1 000 units, miners none.
    func initialState() -> PoUWCompetitionState {
        PoUWCompetitionState(
            configuration: configuration, miners: miners.map(\.publicKey),
            balances: [submitter.nodeID: 1_000])
    }

    var problemID: Digest { problem.id }

    func commitment(_ miner: Int) -> ModelCommitment {
        try! ModelCommitment(model: models[miner], salt: salts[miner], miner: miners[miner].publicKey)
    }

    func predictions(_ miner: Int) -> [Float] {
        PoUWInference.predict(models[miner], inputs: testSet.inputs, sampleCount: testSet.labels.count)
    }

    var submit: PoUWTransaction { .submitProblem(Signed(problem, key: submitter, domain: .pouwProblem)) }

    func commit(_ miner: Int) -> PoUWTransaction {
        .commitModel(
            Signed(
                PoUWModelCommit(problemID: problemID, commitment: commitment(miner)), key: miners[miner],
                domain: .pouwCommit))
    }

    var revealTest: PoUWTransaction {
        .revealTest(
            Signed(
                PoUWTestReveal(problemID: problemID, inputs: testSet.inputs), key: submitter, domain: .pouwTestReveal))
    }

    func predict(_ miner: Int, values: [Float]? = nil) -> PoUWTransaction {
        .submitPredictions(
            Signed(
                PoUWPredictions(problemID: problemID, values: values ?? predictions(miner)), key: miners[miner],
                domain: .pouwPredictions))
    }

    var revealLabels: PoUWTransaction {
        .revealLabels(
            Signed(
                PoUWLabelReveal(problemID: problemID, labels: testSet.labels, salt: testSet.salt), key: submitter,
                domain: .pouwLabelReveal))
    }

    /// The submitter's certificate for `miner` at `rank` (1 = best).
    func certificate(_ miner: Int, rank: Int, signer: SigningKey? = nil) -> PoUWCertificate {
        PoUWCertificate(
            problemID: problemID, winner: miners[miner].publicKey, modelCommitment: commitment(miner),
            predictionDigest: PoUWPredictions.digest(predictions(miner)), rank: UInt32(rank),
            submitterKey: signer ?? submitter)
    }

    func publicationEnvelope(
        _ miner: Int, rank: Int, model: PoUWModel? = nil, certificate: PoUWCertificate? = nil
    ) -> Signed<PoUWPublication> {
        Signed(
            PoUWPublication(
                certificate: certificate ?? self.certificate(miner, rank: rank), model: model ?? models[miner],
                salt: salts[miner]), key: miners[miner], domain: .pouwPublication)
    }

    func publish(_ miner: Int, rank: Int, model: PoUWModel? = nil, certificate: PoUWCertificate? = nil)
        -> PoUWTransaction
    {
        .publishWinnerBlock(publicationEnvelope(miner, rank: rank, model: model, certificate: certificate))
    }

    /// The transactions of one competition up to the ranking, by height: submit (1), every miner
    /// commits (2), X_test (4), every miner predicts (5), Y_test (8).
    var stepsToRanking: [(height: UInt64, transactions: [PoUWTransaction])] {
        [
            (1, [submit]), (2, miners.indices.map(commit)), (4, [revealTest]), (5, miners.indices.map { predict($0) }),
            (8, [revealLabels]),
        ]
    }

    /// Applies ``stepsToRanking`` to `state`, requiring every transaction to be accepted.
    func runToRanking(_ state: inout PoUWCompetitionState) throws {
        for (height, transactions) in stepsToRanking {
            for transaction in transactions { try state.apply(transaction, height: height) }
        }
    }
}
