/// The on-disk framing of a log record: `UInt32 length ‖ UInt32 CRC-32C(payload) ‖ payload`,
/// little-endian. A torn or corrupt tail (short header, short payload, checksum mismatch) ends
/// the readable log; everything before it is kept.
public enum WALFraming {
    /// Bytes of a frame header.
    public static let headerSize = 8
    /// The largest record accepted (64 MiB).
    public static let maxRecordSize = 64 << 20

    /// Refuses records a reader would not accept (over ``maxRecordSize``): appending one would
    /// read back as a torn tail and silently lose it and every later record.
    public static func checkSizes(_ records: [[UInt8]], log: String) throws(ConsensusError) {
        for (index, record) in records.enumerated() where record.count > maxRecordSize {
            throw ConsensusError(
                .recordTooLarge,
                "\(log): record \(index) of this write has \(record.count) bytes, above the \(maxRecordSize)-byte limit"
            )
        }
    }

    /// Frames one record.
    public static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + headerSize)
        let length = UInt32(payload.count)
        let crc = CRC32C.checksum(payload)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        out.append(contentsOf: payload)
        return out
    }

    /// Splits a log into record payloads; returns them and the byte length of the valid prefix.
    public static func unframe(_ bytes: [UInt8]) -> (records: [[UInt8]], validLength: Int) {
        var records: [[UInt8]] = []
        var offset = 0
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        while bytes.count - offset >= headerSize {
            let length = Int(word(offset))
            let crc = word(offset + 4)
            guard length <= maxRecordSize, bytes.count - offset - headerSize >= length else { break }
            let payload = Array(bytes[(offset + headerSize)..<(offset + headerSize + length)])
            guard CRC32C.checksum(payload) == crc else { break }
            records.append(payload)
            offset += headerSize + length
        }
        return (records, offset)
    }
}
