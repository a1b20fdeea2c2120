import Foundation
import SynodCore
import SynodLearning
import SynodSPDL

/// What an `spdl` cluster trained: the honest nodes' final model, replayed from each
/// honest node's ledger (`SPDLReplay`, certificates and state roots checked), and its accuracy on
/// the test set.
public struct SPDLClusterResult: Codable, Hashable, Sendable {
    /// Rounds configured in the genesis (`spdl.rounds`).
    public var configuredRounds: Int
    /// Rounds recorded on the first honest node's ledger.
    public var rounds: Int
    /// The member whose model was evaluated (the first honest one).
    public var evaluatedNode: Int
    /// Test accuracy of its final model x(T).
    public var testAccuracy: Double
    /// Test images evaluated (the last `spdl.testCount` of the test split).
    public var testImages: Int
    /// SHA-256 of x(T)'s flat parameters.
    public var parameterSHA256: String
    /// Whether the replay of every honest ledger gives the same parameters.
    public var honestModelsAgree: Bool
    /// Honest members whose ledger was replayed.
    public var honestNodes: [Int]
    /// Byzantine members (excluded from the agreement check).
    public var byzantineNodes: [Int]
    /// Every member's reputation after the last block of the evaluated node's ledger.
    public var finalReputations: [Double]?
    /// Blocks proposed by each member (the evaluated node's ledger).
    public var blocksProposed: [Int]?
    /// Whether every block's proposer is the VRF primary of its height and view (nil: no VRF keys).
    public var proposersAreElected: Bool?
    /// View changes between blocks, attributed to the primary the VRF election scheduled
    /// (``SPDLLeaderHistory/failedViewsByPrimary``, an estimate); nil without VRF keys.
    public var failedViewsByPrimary: [Int]?
    /// Failed views whose scheduled primary (``failedViewsByPrimary``) is a Byzantine member and
    /// those whose scheduled primary is honest; nil without VRF keys.
    public var failedViewsByCause: FailedViewsByCause?
    /// Proposer faults recorded on the ledger (``ProposerFaultEvidence``): offender and height.
    public var provenFaults: [SPDLLeaderHistory.ProvenFault]?
    /// For each Byzantine member, the first height whose election saw it at reputation 0 (nil: never).
    public var byzantineIneligibleFromHeight: [UInt64?]?

    /// Replays every honest node's ledger of `cluster` and evaluates the first one's model on the
    /// test set from `dataDirectory` (default `$SYNOD_DATA_DIR`, then the system default).
    public static func evaluate(
        cluster: LocalCluster, dataDirectory: String? = ProcessInfo.processInfo.environment["SYNOD_DATA_DIR"]
    ) throws(NodeError) -> SPDLClusterResult {
        guard let first = cluster.homes.first else { throw NodeError(.invalidArgument, "an empty cluster") }
        let genesis = try first.loadGenesis()
        guard genesis.protocolName == "spdl" else {
            throw NodeError(.invalidArgument, "the cluster runs '\(genesis.protocolName)', not spdl")
        }
        let parameters = try SPDLNodeParameters(genesisParameters: genesis.parameters, members: genesis.members.count)
        let c = parameters.configuration
        let honest = cluster.homes.indices.filter { !c.isByzantine($0) }
        guard let reference = honest.first else { throw NodeError(.invalidArgument, "no honest member") }
        var results: [SPDLReplay.Result] = []
        for index in honest {
            do { results.append(try SPDLReplay.replay(directory: cluster.homes[index].ledgerDirectory)) } catch {
                throw NodeError(.divergence, "node \(index): ledger replay failed: \(error)")
            }
        }
        var model = results[0].model
        let test: LabeledImages
        do {
            test = try SPDLData.load(directory: dataDirectory, trainLimit: 1, testCount: parameters.testCount).test
        } catch {
            throw NodeError(.io, "test set: \(error)")
        }
        let accuracy: Double
        do { accuracy = try Trainer.accuracy(model: &model, images: test.images, labels: test.labels) } catch {
            throw NodeError(.runtime, "evaluation of node \(reference)'s model: \(error)")
        }
        let history = try SPDLLeaderHistory.read(
            ledgerDirectory: cluster.homes[reference].ledgerDirectory, genesis: genesis)
        let byzantine = cluster.homes.indices.filter { c.isByzantine($0) }
        var result = SPDLClusterResult(
            configuredRounds: c.rounds, rounds: results[0].rounds, evaluatedNode: reference, testAccuracy: accuracy,
            testImages: test.count, parameterSHA256: results[0].parameterDigest.hex,
            honestModelsAgree: Set(results.map(\.parameterDigest)).count == 1, honestNodes: honest,
            byzantineNodes: byzantine)
        result.finalReputations = history.finalReputations
        result.blocksProposed = history.blocksProposed
        result.proposersAreElected = history.proposersAreElected
        result.failedViewsByPrimary = history.failedViewsByPrimary
        result.failedViewsByCause = history.failedViewsByPrimary.map { counts in
            FailedViewsByCause(
                byzantinePrimary: byzantine.reduce(0) { $0 + (counts.indices.contains($1) ? counts[$1] : 0) },
                honestPrimary: honest.reduce(0) { $0 + (counts.indices.contains($1) ? counts[$1] : 0) })
        }
        result.provenFaults = history.provenFaults
        result.byzantineIneligibleFromHeight = byzantine.map { history.firstHeightIneligible($0) }
        return result
    }
}

/// Failed views of an SPDL run split by who the election scheduled as primary.
public struct FailedViewsByCause: Codable, Hashable, Sendable {
    /// Failed views whose scheduled primary is a Byzantine member.
    public var byzantinePrimary: Int
    /// Failed views whose scheduled primary is honest (timeouts, missing data, network).
    public var honestPrimary: Int
}
