/// A failure to parse or validate an ECVRF key or proof (RFC 9381).
public struct VRFError: SynodError {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// A key, seed or proof has the wrong number of bytes.
        case invalidLength
        /// A point encoding is not the canonical one: y ≥ p, or x = 0 with the sign bit set
        /// (RFC 8032 §5.1.3).
        case nonCanonicalEncoding
        /// No curve point has the encoded y-coordinate (RFC 8032 §5.1.3 step 3).
        case notOnCurve
        /// A public key has small order, 8·Y = O (RFC 9381 §5.4.5).
        case smallOrder
        /// A proof's scalar s is not below the group order (RFC 9381 §5.4.4 step 7).
        case scalarOutOfRange
    }

    /// The failure's code; equality compares only this.
    public let code: Code
    /// A human-readable explanation naming the value and what is wrong with it.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
