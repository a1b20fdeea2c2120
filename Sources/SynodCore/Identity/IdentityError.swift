/// A failure involving keys, key files or signatures.
///
/// Equality compares only the ``code``; the ``reason`` names the file or value concerned.
public struct IdentityError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// Bytes that are not a 32-byte Ed25519 public key.
        case invalidPublicKey
        /// Bytes that are not a 32-byte Ed25519 secret seed.
        case invalidSecretKey
        /// The key file does not exist.
        case keyFileMissing
        /// The key file exists but cannot be read (not a regular file, no access, too large, I/O).
        case keyFileUnreadable
        /// The key file is readable by group or others.
        case keyFilePermissions
        /// The key file is not a Synod key file (not JSON, missing fields, not hex, unknown type).
        case keyFileMalformed
        /// The key file's secret key, public key or node ID has the wrong length.
        case keyFileWrongLength
        /// The key file's public key or node ID does not match its secret key.
        case keyFileMismatch
        /// Writing refused: the file already exists and overwriting was not requested.
        case keyFileExists
        /// The key file could not be created or written.
        case keyFileWrite
        /// A signature that does not verify.
        case invalidSignature
    }

    /// The failure's code; equality compares only this.
    public let code: Code
    /// A human-readable explanation naming the file or value.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
