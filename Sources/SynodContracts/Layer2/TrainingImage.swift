import SynodCore

/// A set of contract storage entries in key order: the data a training step reads, or the
/// weights it reads and rewrites. Its ``root`` is what a Layer-2 commitment records.
public struct TrainingImage: Hashable, Sendable, CanonicalCodable {
    /// The most entries an image may hold.
    public static let maxEntries = 4_096

    /// One storage entry.
    public struct Entry: Hashable, Sendable {
        /// The contract's storage key.
        public let key: [UInt8]
        /// Its value.
        public let value: [UInt8]
    }

    /// The entries, strictly increasing by key.
    public let entries: [Entry]

    /// The image of `storage`.
    public init(_ storage: [[UInt8]: [UInt8]]) {
        entries = storage.map { Entry(key: $0.key, value: $0.value) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// The entries as a dictionary.
    public var dictionary: [[UInt8]: [UInt8]] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
    }

    /// SHA-256 of `canonical("synod/layer2/image") ‖ canonical(entries)`.
    public var root: Digest {
        var encoder = CanonicalEncoder()
        encoder.encode("synod/layer2/image")
        encode(to: &encoder)
        return Digest.sha256(encoder.bytes)
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(entries) { encoder, entry in
            encoder.encode(bytes: entry.key)
            encoder.encode(bytes: entry.value)
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let schedule = FuelSchedule.standard
        let start = decoder.offset
        let entries = try decoder.decodeArray(field + ".entries", maxCount: Self.maxEntries, minimumElementSize: 8) {
            (decoder: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> Entry in
            Entry(
                key: try decoder.decodeBytes(name + ".key", maxCount: schedule.maxKeyBytes),
                value: try decoder.decodeBytes(name + ".value", maxCount: schedule.maxValueBytes))
        }
        for (previous, next) in zip(entries, entries.dropFirst())
        where !previous.key.lexicographicallyPrecedes(next.key) {
            throw decoder.error(.invalidValue, field + ".entries", "keys are not strictly increasing", at: start)
        }
        self.entries = entries
    }
}
