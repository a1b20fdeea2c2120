/// A value with exactly one canonical binary encoding.
public protocol CanonicalEncodable {
    /// Appends the canonical encoding of `self`.
    func encode(to encoder: inout CanonicalEncoder)
}

/// A value that can be strictly decoded from its canonical encoding.
public protocol CanonicalDecodable {
    /// Decodes a value; `field` names it in errors (e.g. `"Block.header"`), and implementations
    /// name their own fields `field + ".name"`.
    init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError)
}

/// A value that is both canonically encodable and decodable.
public typealias CanonicalCodable = CanonicalEncodable & CanonicalDecodable

extension CanonicalEncodable {
    /// The canonical encoding of `self`.
    public var canonicalBytes: [UInt8] {
        var encoder = CanonicalEncoder()
        encode(to: &encoder)
        return encoder.bytes
    }

    /// SHA-256 of the canonical encoding.
    public var canonicalDigest: Digest { Digest.sha256(canonicalBytes) }
}

extension CanonicalDecodable {
    /// Decodes a complete value from `bytes`, rejecting trailing bytes; the top-level field is named
    /// after the type (e.g. `"Block"`), so errors read `Block.header.height`.
    public init(canonicalBytes bytes: [UInt8], limits: CanonicalLimits = .standard) throws(CanonicalDecodingError) {
        var decoder = CanonicalDecoder(bytes: bytes, limits: limits)
        let field = String(describing: Self.self)
        self = try Self(from: &decoder, field: field)
        try decoder.finish(field)
    }
}
