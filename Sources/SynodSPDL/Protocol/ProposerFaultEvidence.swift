import SynodConsensus
import SynodCore

/// Proof that a member, as the primary of a view, signed a PRE-PREPARE whose proposal every honest
/// replica rejects: the signed PRE-PREPARE itself. SPDL's validity is deterministic (it depends
/// only on the committed state and the proposal, plus vectors named in it by hash), so re-running
/// the validation of the PRE-PREPARE's proposal against the state it was made on reproduces the
/// verdict. Recorded on the ledger by a later block of the same height (after the view change the
/// invalid proposal caused); the offender's reputation becomes 0 and it is marked like a proven
/// equivocator, so it never leads or contributes again.
///
/// The ledger module checks what needs only the ledger: the offender is a member not yet proven
/// faulty, the signature is the offender's, the PRE-PREPARE is for the recording block's height.
/// The engine application re-runs the validation (``SPDLApplication``), as it recomputes Δ.
public struct ProposerFaultEvidence: Hashable, Sendable, CanonicalCodable {
    /// The `ProtocolPayload.kind` of a proposer fault.
    public static let payloadKind: UInt16 = 3

    /// The member that signed the PRE-PREPARE.
    public let offender: NodeID
    /// The signed PRE-PREPARE (signer index, signature in `consensus/pre-prepare`).
    public let prePrepare: Envelope<PrePrepare<SPDLBlock>>

    /// Creates the evidence (not verified here).
    public init(offender: NodeID, prePrepare: Envelope<PrePrepare<SPDLBlock>>) {
        self.offender = offender
        self.prePrepare = prePrepare
    }

    /// The height of the rejected proposal.
    public var height: UInt64 { prePrepare.body.height }

    /// Whether the PRE-PREPARE is signed by `key` (Ed25519, domain `consensus/pre-prepare`).
    public func isSigned(by key: PublicKey) -> Bool {
        prePrepare.isValid(key: key, scheme: Ed25519Scheme(), domain: .consensusPrePrepare)
    }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        offender.encode(to: &encoder)
        prePrepare.encode(to: &encoder)
    }

    /// Canonical decoding (does not verify).
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        offender = try NodeID(from: &decoder, field: field + ".offender")
        prePrepare = try Envelope(from: &decoder, field: field + ".prePrepare")
    }
}
