/// Little-endian conversions between numeric arrays and bytes (the byte order of `.npy` `<`
/// dtypes and of safetensors). On little-endian hosts these are single copies.
enum LittleEndian {
    /// The bytes of `values`, each element little-endian.
    static func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        #if _endian(little)
            return values.withUnsafeBytes { Array($0) }
        #else
            return values.map(\.littleEndian).withUnsafeBytes { Array($0) }
        #endif
    }

    static func bytes(_ values: [Float]) -> [UInt8] { bytes(values.map(\.bitPattern)) }
    static func bytes(_ values: [Double]) -> [UInt8] { bytes(values.map(\.bitPattern)) }

    /// `count` integers read little-endian from `bytes[offset...]` (the caller checked the length).
    static func integers<T: FixedWidthInteger>(_ bytes: [UInt8], offset: Int, count: Int, as: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        precondition(offset >= 0 && offset + count * size <= bytes.count)
        var out = [T](repeating: 0, count: count)
        out.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + count * size]))
            }
        }
        #if !_endian(little)
            for i in out.indices { out[i] = T(littleEndian: out[i]) }
        #endif
        return out
    }

    static func floats(_ bytes: [UInt8], offset: Int, count: Int) -> [Float] {
        integers(bytes, offset: offset, count: count, as: UInt32.self).map(Float.init(bitPattern:))
    }

    static func doubles(_ bytes: [UInt8], offset: Int, count: Int) -> [Double] {
        integers(bytes, offset: offset, count: count, as: UInt64.self).map(Double.init(bitPattern:))
    }

    static func uint64(_ bytes: [UInt8], offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in (0..<8).reversed() { v = v << 8 | UInt64(bytes[offset + k]) }
        return v
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        for k in 0..<MemoryLayout<T>.size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
    }
}

/// IEEE-754 binary16 and bfloat16 to binary32, exact (every half and bfloat16 value is a float).
enum HalfPrecision {
    /// binary16 bits → Float (subnormals, infinities and NaNs preserved).
    static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0:
            // ±0 or subnormal: mantissa · 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        case 31:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
        }
    }

    /// bfloat16 bits → Float (the upper half of a binary32).
    static func float(fromBFloat16 b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) }
}
