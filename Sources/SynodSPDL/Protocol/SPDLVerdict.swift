import SynodCore

/// A follower's verdict on a proposal (PREPARE vote, Algorithm 3 lines 8–12).
public enum SPDLVerdict: Hashable, Sendable {
    /// Valid: vote PREPARE; the record is what DECIDE will write.
    case accept(SPDLRoundRecord)
    /// Invalid, with the reason.
    case reject(String)
    /// These gradient blobs are missing: fetch them by hash and validate again (a liveness matter,
    /// never a rejection).
    case needPayloads([Digest])
}
