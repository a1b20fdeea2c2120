/// The `format` query parameter of `GET /blocks/{height}`.
public enum BlockFormat: String, Hashable, Sendable, CaseIterable {
    /// A JSON ``BlockView`` (the default).
    case json
    /// The block's canonical bytes (`Block.canonicalBytes`), `application/octet-stream`.
    case raw

    /// Parses the query value; `nil` (no parameter) means ``json``. Anything but `json` or `raw`
    /// throws ``SynodHTTPError/Code/invalidFormat``.
    public init(query value: String?) throws(SynodHTTPError) {
        guard let value else {
            self = .json
            return
        }
        guard let format = BlockFormat(rawValue: value) else {
            let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
            throw SynodHTTPError(.invalidFormat, "format '\(shown)' is not one of: json, raw")
        }
        self = format
    }
}
