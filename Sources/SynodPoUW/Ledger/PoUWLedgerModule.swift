import SynodCore
import SynodLedger

/// The PoUW protocol module of the ledger (SynodLedger's `LedgerModule`): the one rule book of the
/// competition on a Synod chain. Every replica, `synod ledger verify` and `replay` apply PoUW
/// payloads through it.
///
/// Applying a payload decodes the ``PoUWTransaction`` (kind and body), reads the rules from the
/// genesis (``PoUWConfiguration/read(_:)``) and the miners from the members (replica order: sorted
/// by public key), runs ``PoUWRules`` on the committed state, then writes the touched round
/// (`round/<problem id>`), the used X_test digest (`test/<digest>`), a misconduct record
/// (`misconduct/<n>`, counted under `misconduct-count`) and performs the value movements on the
/// ledger's accounts, the escrow being the account ``escrowAccount``. A refusal is a
/// `moduleRejected` ledger error whose field is `module.pouw.` + the ``PoUWError``'s field and whose
/// reason starts with its code; the block is refused and the state unchanged.
public struct PoUWLedgerModule: LedgerModule {
    /// `"pouw"`.
    public static let moduleName = "pouw"

    /// The account holding escrowed bounties: SHA-256 of `synod/v1/pouw/escrow` (no key signs for it).
    public static let escrowAccount = NodeID(digest: Digest.sha256(Array("synod/v1/pouw/escrow".utf8)))

    /// Creates the module.
    public init() {}

    /// `"pouw"`.
    public var name: String { Self.moduleName }

    /// The ledger payload of `transaction`.
    public static func payload(_ transaction: PoUWTransaction) -> ProtocolPayload {
        ProtocolPayload(module: moduleName, kind: transaction.kind, body: transaction.body)
    }

    /// The ledger transaction of `transaction`.
    public static func transaction(_ transaction: PoUWTransaction) -> Transaction { .payload(payload(transaction)) }

    /// The namespace key of a problem's round.
    public static func roundKey(_ problemID: Digest) -> [UInt8] { Array("round/".utf8) + problemID.bytes }
    /// The namespace key marking X_test with this digest as used.
    public static func testKey(_ digest: Digest) -> [UInt8] { Array("test/".utf8) + digest.bytes }
    /// The namespace key of the number of misconduct records.
    public static let misconductCountKey = Array("misconduct-count".utf8)
    /// The namespace key of the `index`-th misconduct record (index big-endian, so keys sort in order).
    public static func misconductKey(_ index: UInt64) -> [UInt8] {
        Array("misconduct/".utf8) + withUnsafeBytes(of: index.bigEndian) { Array($0) }
    }

    /// The miners in replica order: the members' keys sorted.
    public static func miners(_ members: [LedgerState.Member]) -> [PublicKey] { members.map(\.publicKey).sorted() }

    /// A problem's round in a ledger state, if present and readable.
    public static func round(_ problemID: Digest, in state: LedgerState) -> PoUWRound? {
        state.moduleValue(moduleName, roundKey(problemID)).flatMap { try? PoUWRound(canonicalBytes: $0) }
    }

    /// The misconduct records of a ledger state, in order.
    public static func misconduct(in state: LedgerState) -> [PoUWMisconductRecord] {
        let count = state.moduleValue(moduleName, misconductCountKey).map(Self.decodeCount) ?? 0
        return (0..<count).compactMap { index in
            state.moduleValue(moduleName, misconductKey(index)).flatMap {
                try? PoUWMisconductRecord(canonicalBytes: $0)
            }
        }
    }

    /// Validates and applies one PoUW payload.
    public func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        let height = context.height
        func reject(_ error: PoUWError) -> LedgerError {
            LedgerError(.moduleRejected, height: height, field: "module.pouw." + error.field, error.description)
        }
        let outcome: PoUWOutcome
        do throws(PoUWError) {
            guard payload.blobs.isEmpty else {
                throw PoUWError(.malformed, height: height, field: "blobs", "PoUW payloads reference no blobs")
            }
            let transaction = try PoUWTransaction(kind: payload.kind, body: payload.body)
            let configuration = try PoUWConfiguration.read { context.parameter($0) }
            let snapshot = context
            var readFailure: PoUWError?
            let rules = PoUWRuleContext(
                height: height, configuration: configuration, miners: Self.miners(context.members),
                balance: { snapshot.balance(of: $0) },
                round: { id in
                    guard let bytes = snapshot.value(for: Self.roundKey(id)) else { return nil }
                    do { return try PoUWRound(canonicalBytes: bytes) } catch {
                        readFailure = PoUWError(.malformed, height: height, field: "state.round", "\(error)")
                        return nil
                    }
                },
                isTestInputUsed: { snapshot.value(for: Self.testKey($0)) != nil })
            let result = Result { () throws(PoUWError) in try PoUWRules.apply(transaction, context: rules) }
            if let readFailure { throw readFailure }
            outcome = try result.get()
        } catch { throw reject(error) }
        context.setValue(outcome.round.canonicalBytes, for: Self.roundKey(outcome.round.problemID))
        if let digest = outcome.usedTestInput { context.setValue([1], for: Self.testKey(digest)) }
        if let record = outcome.misconduct {
            let count = context.value(for: Self.misconductCountKey).map(Self.decodeCount) ?? 0
            context.setValue(record.canonicalBytes, for: Self.misconductKey(count))
            var encoder = CanonicalEncoder()
            encoder.encode(count + 1)
            context.setValue(encoder.bytes, for: Self.misconductCountKey)
        }
        for settlement in outcome.settlements {
            switch settlement {
            case .escrow(let from, let amount): try context.transfer(amount, from: from, to: Self.escrowAccount)
            case .burnFee(let from, let amount): try context.burn(amount, from: from)
            case .release(let to, let amount): try context.transfer(amount, from: Self.escrowAccount, to: to)
            case .burnEscrow(let amount): try context.burn(amount, from: Self.escrowAccount)
            case .mint(let to, let amount): try context.mint(amount, to: to)
            }
        }
    }

    static func decodeCount(_ bytes: [UInt8]) -> UInt64 {
        var decoder = CanonicalDecoder(bytes: bytes)
        return (try? decoder.decodeUInt64("count")) ?? 0
    }
}

extension ModuleRegistry {
    /// The standard modules plus ``PoUWLedgerModule``.
    public static var withPoUW: ModuleRegistry {
        var registry = ModuleRegistry.standard
        registry.register(PoUWLedgerModule())
        return registry
    }
}
