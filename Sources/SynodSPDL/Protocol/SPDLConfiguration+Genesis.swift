import SynodCore
import SynodLearning

/// The genesis form of an SPDL configuration: one table of fields (``genesisFields``) gives the
/// keys, the value formats and the accepted values; the encoder, the decoder and the known-key
/// check all come from it. The keys and formats are those of existing genesis files and ledgers.
extension SPDLConfiguration {
    /// Every configuration field a genesis records, in the order they are read.
    ///
    /// The fields marked `inLedgerGenesis` (model, N, GAR, seed, optimizer, DP mechanism and
    /// privacy budget) are also recorded in
    /// the ledger genesis (``SPDLApplication/genesis(members:configuration:)``), which makes a
    /// ledger replayable on its own (paper §4.3.1: every node starts from the same x(0) and γ).
    public static var genesisFields: [GenesisParameterField<SPDLConfiguration>] {
        typealias Field = GenesisParameterField<SPDLConfiguration>
        func int(
            _ key: String, _ path: WritableKeyPath<SPDLConfiguration, Int>, _ range: ClosedRange<Int>,
            ledger: Bool = false
        ) -> Field {
            Field(
                key, path, accepted: "an integer in \(range)", inLedgerGenesis: ledger, parse: { Int($0) },
                format: { String($0) }, valid: { range.contains($0) })
        }
        func text(
            _ key: String, _ path: WritableKeyPath<SPDLConfiguration, String>, _ accepted: String, ledger: Bool = false
        ) -> Field {
            Field(key, path, accepted: accepted, inLedgerGenesis: ledger, parse: { $0 }, format: { $0 })
        }
        func float(_ key: String, _ path: WritableKeyPath<SPDLConfiguration, Float>, ledger: Bool = false) -> Field {
            Field(
                key, path, accepted: "a finite number", inLedgerGenesis: ledger, parse: { Float($0) },
                format: { "\($0)" }, valid: { $0.isFinite })
        }
        func double(
            _ key: String, _ path: WritableKeyPath<SPDLConfiguration, Double>, _ accepted: String, ledger: Bool = false,
            _ valid: @escaping (Double) -> Bool
        ) -> Field {
            Field(
                key, path, accepted: accepted, inLedgerGenesis: ledger, parse: { Double($0) }, format: { "\($0)" },
                valid: valid)
        }
        return [
            text("spdl.model", \.model, "a model name", ledger: true),
            int("spdl.nodes", \.nodeCount, 1...1000, ledger: true),
            int("spdl.rounds", \.rounds, 1...1_000_000),
            int("spdl.byzantine", \.byzantineCount, 0...1000),
            text("spdl.attack", \.attack, "an attack name"),
            text("spdl.gar", \.gar, "a GAR name", ledger: true),
            Field(
                "spdl.dp", \.privacy, accepted: "code, lemma1, dpsgd or none", inLedgerGenesis: true,
                parse: { SPDLPrivacy(argument: $0) }, format: { $0.rawValue }),
            double("spdl.epsilon", \.epsilon, "a finite number > 0", ledger: true) { $0 > 0 && $0.isFinite },
            double("spdl.delta", \.delta, "a number in (0, 1)", ledger: true) { $0 > 0 && $0 < 1 },
            double("spdl.privacyBudget", \.privacyBudget, "a finite number ≥ 0 (0: no budget)", ledger: true) {
                $0 >= 0 && $0.isFinite
            },
            int("spdl.batchSize", \.batchSize, 1...Int.max),
            float("spdl.learningRate", \.learningRate, ledger: true),
            float("spdl.momentum", \.momentum, ledger: true),
            float("spdl.weightDecay", \.weightDecay, ledger: true),
            Field(
                "spdl.split", \.split, accepted: "one-class, iid, shards:K or dirichlet:A",
                parse: { PartitionScheme(argument: $0) }, format: { $0.description }),
            Field(
                "spdl.seed", \.seed, accepted: "an unsigned 64-bit integer", inLedgerGenesis: true,
                parse: { UInt64($0) }, format: { String($0) }),
            double("spdl.reputationPenalty", \.reputation.penalty, "a number in [0, 1]") { (0...1).contains($0) },
            double("spdl.reputationRecovery", \.reputation.recovery, "a number in [0, 1]") { (0...1).contains($0) },
            Field(
                "spdl.reputationReference", \.reputation.reference, accepted: "aggregate or median",
                parse: { ReputationReference(argument: $0) }, format: { $0.rawValue }),
            Field(
                "spdl.silentAsZero", \.silentAsZero, accepted: "true or false", parse: { Bool($0) },
                format: { String($0) }),
        ]
    }

    /// The genesis parameters of this configuration (every field of ``genesisFields``).
    public var genesisParameters: [String: String] { Self.genesisFields.genesisParameters(of: self) }

    /// The parameters the ledger genesis records (the `inLedgerGenesis` fields).
    public var ledgerGenesisParameters: [String: String] {
        Self.genesisFields.filter(\.inLedgerGenesis).genesisParameters(of: self)
    }

    /// Reads the configuration of a genesis with `members` members: missing keys keep the values of
    /// `defaults` (N = `members`); every value is checked, then the whole configuration
    /// (``validate()``). An unknown `spdl.*` key (not a field and not in `otherKeys`), a bad value
    /// (named with its key), `spdl.nodes` ≠ `members` or an invalid configuration is an
    /// ``SPDLError/Code/invalidConfiguration``.
    public init(
        genesisParameters parameters: [String: String], members: Int, defaults: SPDLConfiguration = SPDLConfiguration(),
        otherKeys: Set<String> = []
    ) throws(SPDLError) {
        let fields = Self.genesisFields
        if let problem = fields.unknownKey(in: parameters, prefix: "spdl.", otherKeys: otherKeys) {
            throw SPDLError(.invalidConfiguration, "genesis: \(problem)")
        }
        var c = defaults
        c.nodeCount = members
        if let problem = fields.decode(parameters, into: &c) {
            throw SPDLError(.invalidConfiguration, "genesis: \(problem)")
        }
        guard c.nodeCount == members else {
            throw SPDLError(
                .invalidConfiguration, "genesis: spdl.nodes = \(c.nodeCount) but the genesis has \(members) members")
        }
        try c.validate()
        self = c
    }

    /// Reads the configuration back from a ledger genesis (``ledgerGenesisParameters``): every
    /// `inLedgerGenesis` key must be there; any failure is ``SPDLError/Code/notReplayable``.
    public init(ledgerGenesisParameters parameters: [String: String], members: Int) throws(SPDLError) {
        for field in Self.genesisFields where field.inLedgerGenesis && parameters[field.key] == nil {
            throw SPDLError(.notReplayable, "genesis parameter \(field.key) is missing: not an SPDL ledger")
        }
        do {
            try self.init(genesisParameters: parameters, members: members)
        } catch {
            throw SPDLError(.notReplayable, error.reason)
        }
    }
}
