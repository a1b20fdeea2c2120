import SynodCore
import SynodLedger

/// A contract transaction, signed by its sender in the domain ``domain`` over the canonical bytes
/// of ``Body``: deploy a module (by code hash) or call a contract's function, with a gas limit and
/// a fee in ledger tokens.
///
/// Carried as the body of a ``ProtocolPayload`` of module ``ContractLedgerModule/moduleName`` and
/// kind ``payloadKind``. A deployment whose code is not stored yet references it as the payload's
/// blob (``ProtocolPayload/blobs``).
public struct ContractTransaction: Hashable, Sendable, CanonicalCodable {
    /// The signing domain, `contracts/transaction`.
    public static let domain = SigningDomain("contracts/transaction")
    /// The payload kind.
    public static let payloadKind: UInt16 = 1
    /// The longest function name.
    public static let maxFunctionNameLength = 64

    /// What the transaction does.
    public enum Action: Hashable, Sendable, CanonicalCodable {
        /// Deploys the module with this SHA-256 and runs its `constructor` export (if any) with the arguments.
        case deploy(codeHash: Digest, arguments: [ContractValue])
        /// Calls `function` of the contract at `contract` with the arguments.
        case call(contract: Digest, function: String, arguments: [ContractValue])

        public func encode(to encoder: inout CanonicalEncoder) {
            switch self {
            case .deploy(let codeHash, let arguments):
                encoder.encode(UInt8(1))
                codeHash.encode(to: &encoder)
                encoder.encode(arguments)
            case .call(let contract, let function, let arguments):
                encoder.encode(UInt8(2))
                contract.encode(to: &encoder)
                encoder.encode(function)
                encoder.encode(arguments)
            }
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            switch try decoder.decodeTag(field + ".tag", known: 1...2) {
            case 1:
                let codeHash = try Digest(from: &decoder, field: field + ".codeHash")
                let arguments = try decoder.decodeArray(
                    ContractValue.self, field + ".arguments", maxCount: FuelSchedule.standard.maxArguments,
                    minimumElementSize: 5)
                self = .deploy(codeHash: codeHash, arguments: arguments)
            default:
                let contract = try Digest(from: &decoder, field: field + ".contract")
                let function = try decoder.decodeString(
                    field + ".function", maxCount: ContractTransaction.maxFunctionNameLength)
                let arguments = try decoder.decodeArray(
                    ContractValue.self, field + ".arguments", maxCount: FuelSchedule.standard.maxArguments,
                    minimumElementSize: 5)
                self = .call(contract: contract, function: function, arguments: arguments)
            }
        }
    }

    /// The signed content.
    public typealias Body = MeteredTransactionBody<Action>

    /// What was signed.
    public let body: Body
    /// The sender's signature over `body`.
    public let signature: Signature

    /// Wraps a body and its signature (not verified here).
    public init(body: Body, signature: Signature) {
        self.body = body
        self.signature = signature
    }

    /// Signs `body` with `key` (whose public key must be `body.sender`).
    public init(body: Body, key: SigningKey) {
        self.init(body: body, signature: key.sign(body.canonicalBytes, domain: Self.domain))
    }

    /// True if the sender's signature verifies.
    public var hasValidSignature: Bool {
        body.sender.isValidSignature(signature, for: body.canonicalBytes, domain: Self.domain)
    }

    /// The ledger payload carrying this transaction, referencing `code` as a blob when given.
    public func payload(code: BlobReference? = nil) -> ProtocolPayload {
        ProtocolPayload(
            module: ContractLedgerModule.moduleName, kind: Self.payloadKind, body: canonicalBytes,
            blobs: code.map { [$0] } ?? [])
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        body.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        body = try Body(from: &decoder, field: field + ".body")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
