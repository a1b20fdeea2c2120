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

    /// Splits a log into record payloads; returns them and the byte length of the valid prefix
    /// (it stops at the first bad frame, wherever it is: ``scan(_:)`` tells a torn tail from
    /// corruption).
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

    /// Reads a log: the intact records, the length of the valid prefix, and, if the first bad frame
    /// is not the log's torn tail, where the corruption is. A bad frame is a torn tail when no
    /// intact non-empty frame starts anywhere after its offset (a crash cuts only the last write,
    /// which was never acknowledged); otherwise intact records follow it and dropping them would
    /// forget votes.
    public static func scan(_ bytes: [UInt8]) -> (records: [[UInt8]], validLength: Int, corruption: LogCorruption?) {
        let (records, valid) = unframe(bytes)
        guard valid < bytes.count, let next = firstIntactFrame(in: bytes, after: valid) else {
            return (records, valid, nil)
        }
        return (
            records, valid,
            LogCorruption(offset: valid, nextIntactOffset: next, fileLength: bytes.count, intactRecords: records.count)
        )
    }

    /// The offset of the first intact non-empty frame (length within bounds, checksum matching)
    /// starting after `offset`, or nil.
    static func firstIntactFrame(in bytes: [UInt8], after offset: Int) -> Int? {
        var start = offset + 1
        while bytes.count - start >= headerSize + 1 {
            let length =
                Int(bytes[start]) | Int(bytes[start + 1]) << 8 | Int(bytes[start + 2]) << 16 | Int(bytes[start + 3])
                << 24
            if length > 0, length <= maxRecordSize, bytes.count - start - headerSize >= length {
                let crc =
                    UInt32(bytes[start + 4]) | UInt32(bytes[start + 5]) << 8 | UInt32(bytes[start + 6]) << 16
                    | UInt32(bytes[start + 7]) << 24
                let payload = Array(bytes[(start + headerSize)..<(start + headerSize + length)])
                if CRC32C.checksum(payload) == crc { return start }
            }
            start += 1
        }
        return nil
    }
}

/// Where a write-ahead log is corrupt before its tail: the first bad frame and the first intact
/// frame after it.
public struct LogCorruption: Hashable, Sendable {
    /// Byte offset of the first frame that fails its length or checksum check.
    public let offset: Int
    /// Byte offset of the first intact frame after it.
    public let nextIntactOffset: Int
    /// The file's length.
    public let fileLength: Int
    /// Records before the bad frame.
    public let intactRecords: Int

    /// A message naming `file` and the offsets.
    public func describe(file: String) -> String {
        "\(file): corrupt record at byte offset \(offset) (after \(intactRecords) intact records), followed by an "
            + "intact record at byte offset \(nextIntactOffset) of \(fileLength): this is not a torn tail, and "
            + "dropping the records after it could make this replica forget votes it sent"
    }
}
