import SynodConsensus
import SynodCore
import SynodLedger

/// The SPDL protocol module of the ledger (SynodLedger's `LedgerModule`): every block of an SPDL
/// chain carries one ``SPDLRoundRecord`` payload whose single blob is Δ's little-endian floats.
///
/// This is the one place where a round record is checked against the ledger state (the engine
/// application, `synod ledger verify` and `synod ledger replay` all execute blocks through it).
/// Applying a record checks that rounds follow each other from 0, that the blob is present and is
/// Δ (size and SHA-256), that every commitment is validly signed by a member for this round, that
/// all commitments name one parent block, that no commitment is of a proven equivocator, that the
/// evidence is valid, against distinct members not yet proven, and that its offenders end at
/// reputation 0, and that every change starts from the
/// reputation in force, and that after a change to 0 other than by evidence at most n − (2f + 1)
/// members are at 0 without being proven faulty (the eligibility floor,
/// ``ReputationPolicy/mayZero(atZeroAfter:members:)``);
/// then it writes the new reputations into the ledger state (so Algorithm 1's
/// eligibility is ledger state), marks every evidence offender as a proven equivocator
/// (``equivocatorKey(_:)``, excluded from every later commitment set) and writes the round counter
/// into its namespace, and adds one round to the privacy loss of every aggregated sender
/// (``privacyKey(_:)``, ``SPDLPrivacyAccounting``). That the common parent is the block's previous block is checked where the
/// header is at hand: by the engine's validation, ``SPDLReplay`` and ``SPDLReplay/checkGradientParents(directory:)``
/// (`synod ledger verify`); a module sees no block hashes.
public struct SPDLLedgerModule: LedgerModule {
    /// `"spdl"`.
    public static let moduleName = "spdl"
    /// The namespace key of the last applied round (UInt64 little-endian).
    public static let roundKey = Array("round".utf8)

    /// Creates the module.
    public init() {}

    /// `"spdl"`.
    public var name: String { Self.moduleName }

    /// The ledger payload for `record` with Δ's blob reference.
    public static func payload(_ record: SPDLRoundRecord) -> ProtocolPayload {
        ProtocolPayload(
            module: moduleName, kind: SPDLRoundRecord.payloadKind, body: record.canonicalBytes,
            blobs: [BlobReference(digest: record.aggregateDigest, size: UInt64(record.dimension) * 4)])
    }

    /// The namespace key marking `node` as a proven equivocator (value `[1]`), set when a block
    /// records evidence against it.
    public static func equivocatorKey(_ node: NodeID) -> [UInt8] { Array("equivocator/".utf8) + node.digest.bytes }

    /// Whether `state` records `node` as a proven equivocator.
    public static func isProvenEquivocator(_ node: NodeID, in state: LedgerState) -> Bool {
        state.moduleData[moduleName]?[equivocatorKey(node)] != nil
    }

    /// The namespace key of `node`'s cumulative privacy loss (``SPDLPrivacySpend``), written for
    /// every sender a round aggregates when the genesis records the DP mechanism.
    public static func privacyKey(_ node: NodeID) -> [UInt8] { Array("privacy/".utf8) + node.digest.bytes }

    /// `node`'s cumulative privacy loss in `state` (0 rounds if none recorded).
    public static func privacySpend(of node: NodeID, in state: LedgerState) -> SPDLPrivacySpend {
        let delta = state.parameters["spdl.delta"].flatMap(Double.init) ?? 0
        return state.moduleData[moduleName]?[privacyKey(node)].flatMap { try? SPDLPrivacySpend(canonicalBytes: $0) }
            ?? SPDLPrivacySpend(rounds: 0, epsilonNanos: 0, delta: delta)
    }

    /// The namespace key of the registered x(0) digest (engine chains, ``SPDLRegistration``).
    public static let registrationKey = Array("registration".utf8)

    /// The ledger payload of a registration (no blobs).
    public static func payload(_ registration: SPDLRegistration) -> ProtocolPayload {
        ProtocolPayload(module: moduleName, kind: SPDLRegistration.payloadKind, body: registration.canonicalBytes)
    }

    /// Validates and applies one round record or the registration.
    public func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        func reject(_ reason: String) -> LedgerError {
            LedgerError(.moduleRejected, height: context.height, field: "module.spdl", reason)
        }
        if payload.kind == SPDLRegistration.payloadKind {
            try applyRegistration(payload, context: &context)
            return
        }
        if payload.kind == ProposerFaultEvidence.payloadKind {
            try applyProposerFault(payload, context: &context)
            return
        }
        guard payload.kind == SPDLRoundRecord.payloadKind else { throw reject("unknown payload kind \(payload.kind)") }
        let record: SPDLRoundRecord
        do { record = try SPDLRoundRecord(canonicalBytes: payload.body) } catch {
            throw reject("undecodable round record: \(error)")
        }
        let expectedRound: UInt64 = context.value(for: Self.roundKey).map { Self.decodeRound($0) + 1 } ?? 0
        guard record.round == expectedRound else { throw reject("round \(record.round), expected \(expectedRound)") }
        guard payload.blobs.count == 1, payload.blobs[0].digest == record.aggregateDigest,
            payload.blobs[0].size == UInt64(record.dimension) * 4
        else { throw reject("the payload must reference exactly Δ's blob") }
        _ = try context.blob(payload.blobs[0])
        guard context.member(record.leader).map({ $0.reputation > 0 }) == true else {
            throw reject("leader \(record.leader) is not a member with reputation > 0")
        }
        let parent = record.commitments.first?.payload.parent
        for c in record.commitments {
            guard c.isValidGradient, c.payload.round == record.round, context.member(c.payload.sender) != nil,
                c.payload.dimension == record.dimension
            else { throw reject("invalid commitment of \(c.payload.sender)") }
            guard c.payload.parent == parent else {
                throw reject("the commitments name different parent blocks (\(c.payload.sender))")
            }
            guard context.value(for: Self.equivocatorKey(c.payload.sender)) == nil else {
                throw reject("the set includes proven equivocator \(c.payload.sender)")
            }
        }
        var offenders: Set<NodeID> = []
        for e in record.evidence {
            if let why = e.invalidityReason() { throw reject("invalid evidence: \(why)") }
            guard context.member(e.offender) != nil, offenders.insert(e.offender).inserted else {
                throw reject("evidence against a non-member or twice against \(e.offender)")
            }
            guard context.value(for: Self.equivocatorKey(e.offender)) == nil else {
                throw reject("evidence against \(e.offender), already a proven equivocator")
            }
            guard !record.commitments.contains(where: { $0.payload.sender == e.offender }) else {
                throw reject("the set includes equivocator \(e.offender) proven in the same block")
            }
            guard
                record.reputationChanges.contains(where: { $0.node == e.offender && $0.after == 0 })
                    || context.member(e.offender)?.reputation == 0
            else { throw reject("equivocator \(e.offender) keeps a positive reputation") }
        }
        for change in record.reputationChanges {
            guard let member = context.member(change.node) else { throw reject("\(change.node) is not a member") }
            guard member.reputation == change.before, change.after >= 0, change.after <= 1 else {
                throw reject(
                    "reputation change of \(change.node) does not start from \(member.reputation) or leaves [0, 1]")
            }
            try context.setReputation(change.after, of: change.node)
        }
        for e in record.evidence { context.setValue([1], for: Self.equivocatorKey(e.offender)) }
        if record.reputationChanges.contains(where: { $0.after == 0 && !offenders.contains($0.node) }) {
            let n = context.members.count
            let zero = context.members.filter {
                $0.reputation == 0 && context.value(for: Self.equivocatorKey($0.nodeID)) == nil
            }.count
            guard ReputationPolicy.mayZero(atZeroAfter: zero, members: n) else {
                throw reject(
                    "the reputation rule leaves \(zero) members at 0 that are not proven faulty, more than n − (2f + 1) = \(n - ReputationPolicy.minimumEligible(members: n))"
                )
            }
        }
        if let mechanism = SPDLPrivacyAccounting.mechanism(genesisParameters: { context.parameter($0) }) {
            for c in record.commitments {
                let rounds =
                    (context.value(for: Self.privacyKey(c.payload.sender)).flatMap {
                        try? SPDLPrivacySpend(canonicalBytes: $0)
                    }?.rounds ?? 0) + 1
                let spend = SPDLPrivacyAccounting.spend(rounds: rounds, mechanism: mechanism)
                context.setValue(spend.canonicalBytes, for: Self.privacyKey(c.payload.sender))
            }
        }
        var encoder = CanonicalEncoder()
        encoder.encode(record.round)
        context.setValue(encoder.bytes, for: Self.roundKey)
    }

    /// §4.3.1: once, before round 0; the member list must be the ledger's members.
    func applyRegistration(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        func reject(_ reason: String) -> LedgerError {
            LedgerError(.moduleRejected, height: context.height, field: "module.spdl.registration", reason)
        }
        guard context.value(for: Self.registrationKey) == nil, context.value(for: Self.roundKey) == nil else {
            throw reject("a registration must come once, before round 0")
        }
        guard payload.blobs.isEmpty else { throw reject("a registration references no blobs") }
        let registration: SPDLRegistration
        do { registration = try SPDLRegistration(canonicalBytes: payload.body) } catch {
            throw reject("undecodable registration: \(error)")
        }
        guard registration.canonicalBytes == payload.body else { throw reject("registration is not canonical") }
        guard registration.members.count == context.members.count else {
            throw reject("\(registration.members.count) members registered, the ledger has \(context.members.count)")
        }
        for id in registration.members where context.member(id) == nil {
            throw reject("\(id) is not a member")
        }
        context.setValue(registration.initialModel.bytes, for: Self.registrationKey)
    }

    /// The ledger payload recording a proven proposer fault (no blobs).
    public static func payload(_ fault: ProposerFaultEvidence) -> ProtocolPayload {
        ProtocolPayload(module: moduleName, kind: ProposerFaultEvidence.payloadKind, body: fault.canonicalBytes)
    }

    /// A proven proposer fault (``ProposerFaultEvidence``): canonical, against a member not yet
    /// proven faulty, signed by it, for this block's height. Its reputation becomes 0 and it is
    /// marked with ``equivocatorKey(_:)``, which excludes it from election and from every later
    /// commitment set exactly as a proven equivocator. That the proposal is invalid is checked by
    /// the engine application, which re-runs the validation (it needs the named vectors).
    func applyProposerFault(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        func reject(_ reason: String) -> LedgerError {
            LedgerError(.moduleRejected, height: context.height, field: "module.spdl.proposerFault", reason)
        }
        guard payload.blobs.isEmpty else { throw reject("a proposer fault references no blobs") }
        let fault: ProposerFaultEvidence
        do { fault = try ProposerFaultEvidence(canonicalBytes: payload.body) } catch {
            throw reject("undecodable proposer fault: \(error)")
        }
        guard fault.canonicalBytes == payload.body else { throw reject("proposer fault is not canonical") }
        guard let member = context.member(fault.offender) else { throw reject("\(fault.offender) is not a member") }
        guard context.value(for: Self.equivocatorKey(fault.offender)) == nil else {
            throw reject("\(fault.offender) is already proven faulty")
        }
        guard fault.height == context.height else {
            throw reject("the PRE-PREPARE is for height \(fault.height), the block is \(context.height)")
        }
        guard fault.isSigned(by: member.publicKey) else {
            throw reject("the PRE-PREPARE is not signed by \(fault.offender)")
        }
        try context.setReputation(0, of: fault.offender)
        context.setValue([1], for: Self.equivocatorKey(fault.offender))
    }

    static func decodeRound(_ bytes: [UInt8]) -> UInt64 {
        var decoder = CanonicalDecoder(bytes: bytes)
        return (try? decoder.decodeUInt64("round")) ?? 0
    }
}

extension ModuleRegistry {
    /// The standard modules plus ``SPDLLedgerModule``.
    public static var withSPDL: ModuleRegistry {
        var registry = ModuleRegistry.standard
        registry.register(SPDLLedgerModule())
        return registry
    }
}
