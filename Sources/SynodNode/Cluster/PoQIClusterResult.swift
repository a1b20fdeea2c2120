import Foundation
import SynodLearning
import SynodLedger
import SynodPoQI

/// What a `poqi` cluster decided: the labels on every honest ledger, whether they agree,
/// and their accuracy against the true test labels.
public struct PoQIClusterResult: Codable, Hashable, Sendable {
    /// Samples in the stream (`poqi.samples`).
    public var samples: Int
    /// Samples decided on the first honest ledger.
    public var decided: Int
    /// Accuracy of the decided labels against the true labels.
    public var accuracy: Double
    /// Whether every honest ledger holds the same decisions.
    public var honestDecisionsAgree: Bool
    /// Honest members.
    public var honestNodes: [Int]
    /// Faulty members (excluded from the agreement check).
    public var faultyNodes: [Int]

    /// Reads every honest ledger of `cluster` (read-only) and scores the first one's decisions.
    public static func evaluate(
        cluster: LocalCluster, dataDirectory: String? = ProcessInfo.processInfo.environment["SYNOD_DATA_DIR"]
    ) throws(NodeError) -> PoQIClusterResult {
        guard let first = cluster.homes.first else { throw NodeError(.invalidArgument, "an empty cluster") }
        let genesis = try first.loadGenesis()
        let n = genesis.members.count
        let parameters = try PoQIRunConfiguration(nodeGenesis: genesis.parameters, members: n)
        let honest = (0..<n).filter { !parameters.isFaulty($0, members: n) }
        var all: [[SampleDecision]] = []
        do {
            for index in honest {
                let store = try LedgerStore.open(at: cluster.homes[index].ledgerDirectory, readOnly: true)
                defer { try? store.close() }
                var decisions: [SampleDecision] = []
                let tip = try store.tipHeight()
                var height: UInt64 = 1
                while height <= tip {
                    for tx in try store.block(at: height).transactions {
                        guard case .payload(let p) = tx, p.module == PoQILedgerModule.moduleName else { continue }
                        decisions += try PoQIBlockRecord(canonicalBytes: p.body).decisions
                    }
                    height += 1
                }
                all.append(decisions)
            }
            let manifest = try ZooManifest.read(directory: parameters.zoo)
            let test = try ZooData.testSet(manifest, directory: dataDirectory, samples: parameters.samples)
            let reference = all.first ?? []
            let correct = reference.filter {
                test.labels.indices.contains($0.sample) && Int(test.labels[$0.sample]) == $0.finalClass
            }.count
            return PoQIClusterResult(
                samples: test.count, decided: reference.count,
                accuracy: reference.isEmpty ? 0 : Double(correct) / Double(reference.count),
                honestDecisionsAgree: all.allSatisfy { $0 == reference }, honestNodes: honest,
                faultyNodes: (0..<n).filter { parameters.isFaulty($0, members: n) })
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.io, "poqi evaluation: \(error)")
        }
    }
}
