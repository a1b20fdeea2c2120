import Foundation
import SynodCore
import SynodPoQI

/// The PoQI run a cluster decides, as it is written in the genesis `parameters` string map
/// (identical on every member).
///
/// The keys are those of ``PoQIRunConfiguration/genesisFields`` (all under `poqi.`): `poqi.zoo`
/// (required; every member reads the same zoo and member i runs manifest model i), `poqi.samples`,
/// `poqi.batch`, `poqi.lookahead`, `poqi.rules`, `poqi.faulty` (K ≤ f: the members with the K
/// highest indices send faulty vectors), `poqi.seed`. Missing keys take the defaults of
/// `synod cluster init`.
extension PoQIRunConfiguration {
    /// Reads and checks the run of a genesis with `members` members. An unknown `poqi.*` key is a
    /// ``NodeError/Code/unknownKey``, a missing zoo a ``NodeError/Code/missingKey``, a bad value
    /// (named with its key) or K > f a ``NodeError/Code/invalidValue``.
    public init(nodeGenesis parameters: [String: String], members: Int) throws(NodeError) {
        switch Self.problem(in: parameters) {
        case .unknownKey(let key)?:
            throw NodeError(.unknownKey, "genesis.json: \(GenesisParameterProblem.unknownKey(key))")
        case let problem?:
            throw NodeError(.invalidValue, "genesis.json: \(problem)")
        case nil: break
        }
        guard let zoo = parameters["poqi.zoo"], !zoo.isEmpty else {
            throw NodeError(.missingKey, "genesis.json: parameter 'poqi.zoo' (the zoo directory) is required")
        }
        do {
            self = try PoQIRunConfiguration(genesisParameters: parameters, members: members)
        } catch {
            throw NodeError(.invalidValue, "genesis.json: \(error.reason)")
        }
    }
}
