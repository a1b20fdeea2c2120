import SynodCore
import SynodLedger

/// A Layer-2 transaction, signed by its sender in the domain ``domain``: post a commitment, take
/// part in a dispute, or finalise. Carried as a ``ProtocolPayload`` of module
/// ``Layer2LedgerModule/moduleName`` and kind ``payloadKind``; a segment proof attaches the
/// program's module as the payload's blob.
public struct Layer2Transaction: Hashable, Sendable, CanonicalCodable {
    /// The signing domain, `layer2/transaction`.
    public static let domain = SigningDomain("layer2/transaction")
    /// The payload kind.
    public static let payloadKind: UInt16 = 1

    /// What the transaction does. A dispute is named by its commitment and its challenger.
    public enum Action: Hashable, Sendable, CanonicalCodable {
        /// The operator posts a commitment and locks `bond`.
        case post(commitment: Layer2Commitment, bond: UInt64)
        /// A challenger disputes checkpoint interval `interval` (agreeing with its start, not its
        /// end) and locks `bond`.
        case challenge(commitment: Digest, interval: UInt64, bond: UInt64)
        /// The operator answers a bisection: the weights root at the middle of the disputed range.
        case bisect(commitment: Digest, challenger: NodeID, root: Digest)
        /// The challenger agrees or disagrees with the middle root; the range halves.
        case choose(commitment: Digest, challenger: NodeID, agree: Bool)
        /// Either party posts the data and the weights at the start of the final segment, which the
        /// ledger re-executes.
        case proveSegment(commitment: Digest, challenger: NodeID, data: TrainingImage, weights: TrainingImage)
        /// Anyone settles a dispute whose party to move missed its deadline.
        case timeout(commitment: Digest, challenger: NodeID)
        /// Anyone finalises a commitment after its window with no open dispute.
        case finalise(commitment: Digest)

        /// The action's name in receipts.
        public var name: String {
            switch self {
            case .post: "post"
            case .challenge: "challenge"
            case .bisect: "bisect"
            case .choose: "choose"
            case .proveSegment: "proveSegment"
            case .timeout: "timeout"
            case .finalise: "finalise"
            }
        }

        public func encode(to encoder: inout CanonicalEncoder) {
            switch self {
            case .post(let commitment, let bond):
                encoder.encode(UInt8(1))
                commitment.encode(to: &encoder)
                encoder.encode(bond)
            case .challenge(let commitment, let interval, let bond):
                encoder.encode(UInt8(2))
                commitment.encode(to: &encoder)
                encoder.encode(interval)
                encoder.encode(bond)
            case .bisect(let commitment, let challenger, let root):
                encoder.encode(UInt8(3))
                commitment.encode(to: &encoder)
                challenger.encode(to: &encoder)
                root.encode(to: &encoder)
            case .choose(let commitment, let challenger, let agree):
                encoder.encode(UInt8(4))
                commitment.encode(to: &encoder)
                challenger.encode(to: &encoder)
                encoder.encode(agree)
            case .proveSegment(let commitment, let challenger, let data, let weights):
                encoder.encode(UInt8(5))
                commitment.encode(to: &encoder)
                challenger.encode(to: &encoder)
                data.encode(to: &encoder)
                weights.encode(to: &encoder)
            case .timeout(let commitment, let challenger):
                encoder.encode(UInt8(6))
                commitment.encode(to: &encoder)
                challenger.encode(to: &encoder)
            case .finalise(let commitment):
                encoder.encode(UInt8(7))
                commitment.encode(to: &encoder)
            }
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            let tag = try decoder.decodeTag(field + ".tag", known: 1...7)
            if tag == 1 {
                self = .post(
                    commitment: try Layer2Commitment(from: &decoder, field: field + ".commitment"),
                    bond: try decoder.decodeUInt64(field + ".bond"))
                return
            }
            let commitment = try Digest(from: &decoder, field: field + ".commitment")
            switch tag {
            case 2:
                self = .challenge(
                    commitment: commitment, interval: try decoder.decodeUInt64(field + ".interval"),
                    bond: try decoder.decodeUInt64(field + ".bond"))
            case 7:
                self = .finalise(commitment: commitment)
            default:
                let challenger = try NodeID(from: &decoder, field: field + ".challenger")
                switch tag {
                case 3:
                    self = .bisect(
                        commitment: commitment, challenger: challenger,
                        root: try Digest(from: &decoder, field: field + ".root"))
                case 4:
                    self = .choose(
                        commitment: commitment, challenger: challenger,
                        agree: try decoder.decodeBool(field + ".agree"))
                case 5:
                    self = .proveSegment(
                        commitment: commitment, challenger: challenger,
                        data: try TrainingImage(from: &decoder, field: field + ".data"),
                        weights: try TrainingImage(from: &decoder, field: field + ".weights"))
                default:
                    self = .timeout(commitment: commitment, challenger: challenger)
                }
            }
        }
    }

    /// The signed content.
    public typealias Body = MeteredTransactionBody<Action>

    /// What was signed.
    public let body: Body
    /// The sender's signature over `body`.
    public let signature: Signature

    /// Signs `body` with `key` (whose public key must be `body.sender`).
    public init(body: Body, key: SigningKey) {
        self.body = body
        self.signature = key.sign(body.canonicalBytes, domain: Self.domain)
    }

    /// True if the sender's signature verifies.
    public var hasValidSignature: Bool {
        body.sender.isValidSignature(signature, for: body.canonicalBytes, domain: Self.domain)
    }

    /// The ledger payload carrying this transaction, with `code` attached when given.
    public func payload(code: BlobReference? = nil) -> ProtocolPayload {
        ProtocolPayload(
            module: Layer2LedgerModule.moduleName, kind: Self.payloadKind, body: canonicalBytes,
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
