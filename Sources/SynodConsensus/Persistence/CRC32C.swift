/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41 reflected as 0x82F63B78; RFC 3720 §B.4), the
/// checksum of write-ahead-log records. Computed eight bytes at a time with eight tables
/// ("slicing-by-8", Kounavis & Berry, Intel 2005); ``bytewiseChecksum(_:)`` is the one-table
/// reference it must equal.
public enum CRC32C {
    /// tables[0] is the classic byte table; tables[k][b] = CRC of byte b followed by k zero bytes.
    private static let tables: [[UInt32]] = {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            t[0][byte] = crc
        }
        for k in 1..<8 {
            for byte in 0..<256 { t[k][byte] = (t[k - 1][byte] >> 8) ^ t[0][Int(t[k - 1][byte] & 0xFF)] }
        }
        return t
    }()
    private static let flat: [UInt32] = tables.flatMap { $0 }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        flat.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { input in
                var crc: UInt32 = 0xFFFF_FFFF
                var index = 0
                let count = input.count
                while count - index >= 8 {
                    let lo =
                        crc
                        ^ (UInt32(input[index]) | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2]) << 16
                            | UInt32(input[index + 3]) << 24)
                    let hi =
                        UInt32(input[index + 4]) | UInt32(input[index + 5]) << 8 | UInt32(input[index + 6]) << 16
                        | UInt32(input[index + 7]) << 24
                    crc =
                        t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                        ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                        ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                    index += 8
                }
                while index < count {
                    crc = t[Int((crc ^ UInt32(input[index])) & 0xFF)] ^ (crc >> 8)
                    index += 1
                }
                return crc ^ 0xFFFF_FFFF
            }
        }
    }

    /// The same checksum one byte at a time (reference for tests).
    public static func bytewiseChecksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = tables[0][Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
