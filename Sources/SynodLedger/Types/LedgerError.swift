import SynodCore

/// A typed ledger failure: what went wrong (``Code``), at which block height, in which field, and why.
///
/// Every failure to read, decode, validate, store or audit a ledger is one of these, never a crash
/// (typed, naming what and where). Equality compares the code, the height and the field (not the free-text reason),
/// so tests can check exactly where tampering was detected.
public struct LedgerError: SynodError {
    /// The kind of failure.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The ledger directory or database does not exist or cannot be opened.
        case unreadable
        /// The database exists but holds no ledger (never initialised, or initialisation was interrupted).
        case notInitialized
        /// A ledger already exists where a new one was to be created.
        case alreadyExists
        /// The store's format version (or an encoded value's version byte) is not one this build reads.
        case unknownFormatVersion
        /// A stored row has the wrong type or bytes that do not decode.
        case corruptRow
        /// A stored hash (row hash, blob key, checkpoint root) does not match the recomputed one.
        case hashMismatch
        /// A blob's stored bytes are shorter or longer than its reference says.
        case truncatedBlob
        /// A blob referenced by a transaction is not in the store.
        case missingBlob
        /// A block's header does not link to the previous block (height, previous hash, chain ID, time).
        case brokenLink
        /// The Merkle root of the transactions does not match the header (or the transactions were altered).
        case transactionsRootMismatch
        /// The state root recomputed by replay does not match the header.
        case stateRootMismatch
        /// The commit certificate does not finalize the block (bad signature, non-member, too few votes…).
        case invalidCertificate
        /// A transaction is malformed or not valid in the current state.
        case invalidTransaction
        /// A protocol payload names a module that is not registered.
        case unknownModule
        /// A protocol module rejected its payload.
        case moduleRejected
        /// The sum of balances differs from the total supply, or an amount overflowed.
        case conservationViolated
        /// A genesis document is invalid.
        case invalidGenesis
        /// A requested block, blob or checkpoint does not exist.
        case notFound
        /// An invalid argument (e.g. a block for the wrong height handed to `append`).
        case invalidArgument
        /// The database reported an error.
        case storage
    }

    /// The failure's code.
    public let code: Code
    /// The block height concerned, when there is one.
    public let height: UInt64?
    /// The field concerned, e.g. `"header.stateRoot"`, `"transactions[3]"`, `"certificate.signature"`.
    public let field: String
    /// A human-readable explanation naming the values involved.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, height: UInt64? = nil, field: String, _ reason: String) {
        self.code = code
        self.height = height
        self.field = field
        self.reason = reason
    }

    /// Wraps a decoding failure of `what` (a row or file) at `height`.
    public init(decoding error: CanonicalDecodingError, height: UInt64? = nil, what: String) {
        self.init(
            .corruptRow, height: height, field: error.field,
            "\(what) does not decode: \(error.kind.rawValue) at byte \(error.offset): \(error.reason)")
    }

    /// The same error at another height (used when a lower layer did not know the height).
    public func at(height: UInt64) -> LedgerError { LedgerError(code, height: height, field: field, reason) }

    /// The same error with `prefix` prepended to its field (e.g. `"transactions[2]."`).
    public func prefixed(_ prefix: String) -> LedgerError {
        LedgerError(code, height: height, field: prefix + field, reason)
    }

    /// The height and field, which equality compares.
    public var context: SynodErrorContext { SynodErrorContext(height: height, field: field) }

    /// `code (height H, field 'F'): reason`.
    public var description: String {
        let place = height.map { "height \($0), " } ?? ""
        return "\(code.rawValue) (\(place)field '\(field)'): \(reason)"
    }
}
