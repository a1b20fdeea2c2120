import SynodCore
import SynodLedger

/// The PoQI protocol module of the ledger (SynodLedger's `LedgerModule`): every block of a PoQI
/// chain carries one ``PoQIBlockRecord`` payload.
///
/// Applying a record reads the chain's rules from the genesis parameters
/// (``PoQIChainConfiguration``) and the PoQI state (quality points R, PoQI view, next sample,
/// pending conflicts) from the module's namespace, checks that the record starts at the next
/// sample, that its predictions are at least a quorum of distinct members' valid signed sets
/// covering its samples with well-formed vectors, recomputes every decision with
/// ``PoQIBlockEvaluator`` and requires the claimed decisions and counts to match exactly; then it
/// writes the new state back. So `synod ledger verify` replays R and every label from genesis.
public struct PoQILedgerModule: LedgerModule {
    /// `"poqi"`.
    public static let moduleName = "poqi"
    /// The namespace key of the compact PoQI state (``PoQIState/compactBytes``).
    public static let stateKey = Array("state".utf8)

    /// Creates the module.
    public init() {}

    /// `"poqi"`.
    public var name: String { Self.moduleName }

    /// The ledger payload of `record`.
    public static func payload(_ record: PoQIBlockRecord) -> ProtocolPayload {
        ProtocolPayload(module: moduleName, kind: PoQIBlockRecord.payloadKind, body: record.canonicalBytes)
    }

    /// The members' public keys in replica order (sorted by public key, as the engine orders them).
    public static func memberKeys(_ members: [LedgerState.Member]) -> [PublicKey] {
        members.map(\.publicKey).sorted()
    }

    /// Validates and applies one record.
    public func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        let height = context.height
        func reject(_ reason: String) -> LedgerError {
            LedgerError(.moduleRejected, height: height, field: "module.poqi", reason)
        }
        guard payload.kind == PoQIBlockRecord.payloadKind else { throw reject("unknown payload kind \(payload.kind)") }
        let record: PoQIBlockRecord
        do { record = try PoQIBlockRecord(canonicalBytes: payload.body) } catch {
            throw reject("undecodable record: \(error)")
        }
        let configuration: PoQIChainConfiguration
        do { configuration = try PoQIChainConfiguration.read { context.parameter($0) } } catch {
            throw reject(error.description)
        }
        let keys = Self.memberKeys(context.members)
        var state: PoQIState
        do {
            state = try Self.state(context.value(for: Self.stateKey), keys: keys, configuration: configuration)
        } catch { throw reject("state: \(error)") }
        let outcome: PoQIBlockEvaluator.Outcome
        do {
            outcome = try Self.evaluate(record, state: &state, keys: keys, configuration: configuration)
        } catch { throw reject(error.description) }
        guard outcome.decisions == record.decisions, outcome.attempts == Int(record.attempts),
            outcome.skippedViews == Int(record.skippedViews)
        else { throw reject("the claimed outcome does not follow from the certified predictions") }
        state.clearDecisions()
        context.setValue(state.compactBytes, for: Self.stateKey)
    }

    /// The PoQI state stored in the namespace (`bytes`), or the initial state when absent.
    static func state(_ bytes: [UInt8]?, keys: [PublicKey], configuration: PoQIChainConfiguration) throws -> PoQIState {
        guard configuration.accuracies.count == keys.count else {
            throw PoQIError(.sizeMismatch, "\(configuration.accuracies.count) accuracies for \(keys.count) members")
        }
        guard let bytes else {
            return try PoQIState(
                nodeCount: keys.count, parameters: configuration.parameters, accuracies: configuration.accuracies)
        }
        return try PoQIState.decodeCompact(
            bytes, nodeCount: keys.count, parameters: configuration.parameters, accuracies: configuration.accuracies)
    }

    /// Checks a record's certified predictions (quorum, order, signatures, coverage, vectors) and
    /// evaluates it on `state` (the proposer uses the same function to build its claims).
    public static func evaluate(
        _ record: PoQIBlockRecord, state: inout PoQIState, keys: [PublicKey], configuration: PoQIChainConfiguration
    ) throws(PoQIError) -> PoQIBlockEvaluator.Outcome {
        let n = keys.count
        let count = Int(record.sampleCount)
        if let streamLength = configuration.streamLength, state.sample + count > streamLength {
            throw PoQIError(.invalidMessage, "the block goes past the stream's \(streamLength) samples")
        }
        if count == 0 {
            guard record.predictions.isEmpty else {
                throw PoQIError(.invalidMessage, "an empty block carries predictions")
            }
        } else {
            let quorum = QuorumCertificate.quorum(memberCount: n)
            guard record.predictions.count >= quorum else {
                throw PoQIError(
                    .invalidMessage, "\(record.predictions.count) certified prediction sets, need \(quorum)")
            }
        }
        var last = -1
        var sets: [PoQIPredictionSet] = []
        for (i, signed) in record.predictions.enumerated() {
            let set = signed.payload
            let voter = Int(set.voter)
            guard voter > last, voter < n else {
                throw PoQIError(.invalidMessage, "prediction set \(i): voter \(set.voter) out of order or unknown")
            }
            last = voter
            guard signed.signer == keys[voter], signed.isValid(domain: .poqiPredictions) else {
                throw PoQIError(.invalidMessage, "prediction set \(i): not validly signed by member \(voter)")
            }
            guard
                count == 0
                    || (set.samples.contains(record.firstSample)
                        && set.samples.contains(record.firstSample + UInt64(count) - 1))
            else {
                throw PoQIError(
                    .invalidMessage, "prediction set \(i) does not cover samples \(record.firstSample)+\(count)")
            }
            for (k, d) in set.distributions.enumerated() {
                try ValidatorDecision.validate(
                    d, classCount: configuration.classCount,
                    what: "member \(voter) sample \(record.firstSample + UInt64(k))")
            }
            sets.append(set)
        }
        return try PoQIBlockEvaluator.evaluate(
            state: &state, firstSample: record.firstSample, sampleCount: count, predictions: sets,
            streamLength: configuration.streamLength)
    }
}

extension ModuleRegistry {
    /// The standard modules plus ``PoQILedgerModule``.
    public static var withPoQI: ModuleRegistry {
        var registry = ModuleRegistry.standard
        registry.register(PoQILedgerModule())
        return registry
    }
}
