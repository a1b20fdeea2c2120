/// The `{height}` path segment of `GET /blocks/{height}`: a decimal height or `latest`.
public enum BlockSelector: Hashable, Sendable {
    /// The block at this height.
    case height(UInt64)
    /// The last decided block (``NodeStatus/height``).
    case latest

    /// Parses a path segment: `latest`, or 1–20 ASCII digits whose value fits a `UInt64` (no sign,
    /// no spaces). Anything else throws ``SynodHTTPError/Code/invalidHeight``.
    public init(parsing text: String) throws(SynodHTTPError) {
        if text == "latest" {
            self = .latest
            return
        }
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= 20, utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw SynodHTTPError(
                .invalidHeight, "height '\(shown)' is not a decimal unsigned integer (or 'latest')")
        }
        guard let value = UInt64(text) else {
            throw SynodHTTPError(.invalidHeight, "height '\(shown)' does not fit in 64 bits")
        }
        self = .height(value)
    }
}
