import SynodCore

/// Everything that defines one PoQI run on a cluster: the zoo, the sample stream, the engine's
/// batching and the rules. Every member reads the same configuration from the genesis parameters
/// (``genesisFields``), so every member decides with the same one.
public struct PoQIRunConfiguration: Sendable, Hashable {
    /// The named rule sets a run can use.
    public enum Rules: String, Sendable, Hashable, CaseIterable {
        /// ``PoQIParameters/paper``.
        case paper
        /// ``PoQIParameters/referenceCode``.
        case referenceCode = "reference-code"

        /// The PoQI rules.
        public var parameters: PoQIParameters {
            switch self {
            case .paper: .paper
            case .referenceCode: .referenceCode
            }
        }
    }

    /// The zoo directory (from `synod zoo train`); member i runs manifest model i.
    public var zoo: String = ""
    /// Stream length S: the first S test images.
    public var samples = 200
    /// Samples per block B.
    public var batch = 16
    /// Lookahead L: blocks a prediction set is made ahead.
    public var lookahead = 3
    /// The rule set.
    public var rules: Rules = .paper
    /// Faulty members K: the K highest indices send the reference code's faulty vectors
    /// (``ByzantinePrediction``).
    public var faulty = 0
    /// Seed of the faulty vectors.
    public var seed: UInt64 = 1

    /// A run on the zoo in `zoo` with the defaults.
    public init(zoo: String = "") { self.zoo = zoo }

    /// The PoQI rules.
    public var parameters: PoQIParameters { rules.parameters }

    /// Blocks until every sample is decided: L empty blocks, then ⌈S / B⌉.
    public var blocks: UInt64 { UInt64(lookahead + (samples + batch - 1) / batch) }

    /// The largest K with `members` members: f = ⌊(N − 1)/3⌋.
    public static func maximumFaulty(members: Int) -> Int { max(0, (members - 1) / 3) }

    /// Whether member `index` of `members` is faulty (the last K indices).
    public func isFaulty(_ index: Int, members: Int) -> Bool { index >= members - faulty }

    /// The chain rules the ledger genesis records for this run (``PoQIChainConfiguration``).
    public func chainConfiguration(accuracies: [Double], classCount: Int, streamLength: Int?)
        -> PoQIChainConfiguration
    {
        PoQIChainConfiguration(
            parameters: parameters, accuracies: accuracies, classCount: classCount, streamLength: streamLength)
    }

    /// Checks every field (``genesisFields``), that a zoo is named and that K ≤ f for `members`
    /// members; a failure is an ``PoQIError/Code/invalidArgument`` naming the key and the value.
    public func validate(members: Int) throws(PoQIError) {
        if let problem = Self.genesisFields.invalidField(of: self) {
            throw PoQIError(.invalidArgument, "\(problem)")
        }
        guard !zoo.isEmpty else {
            throw PoQIError(.invalidArgument, "parameter 'poqi.zoo' (the zoo directory) is required")
        }
        let maximum = Self.maximumFaulty(members: members)
        guard faulty <= maximum else {
            throw PoQIError(
                .invalidArgument,
                "\(GenesisParameterProblem.badValue(key: "poqi.faulty", value: String(faulty), accepted: "an integer in 0...\(maximum) with \(members) members"))"
            )
        }
    }
}
