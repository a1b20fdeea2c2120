import CZlib

/// gzip (RFC 1952) decompression and compression on the system zlib.
///
/// Decompression checks what RFC 1952 §2.3.1 requires of a member: the header (ID1 = 0x1f,
/// ID2 = 0x8b, CM = 8), the deflate stream (RFC 1951), and the trailer's CRC-32 and ISIZE; zlib
/// performs all of these checks. A stream that ends early is reported as `.truncated`; a bad
/// header, bad deflate data or a bad CRC/length as `.corruptCompressedData`. Multi-member files
/// (concatenated gzip members, RFC 1952 §2.2) are decompressed member after member.
public enum Gzip {
    /// The default limit on decompressed size: 1 GiB (a guard against decompression bombs).
    public static let defaultLimit = 1 << 30

    /// Whether `bytes` start with the gzip magic number 0x1f 0x8b (RFC 1952 §2.3.1).
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses a complete gzip file.
    ///
    /// - Parameters:
    ///   - bytes: the compressed file.
    ///   - file: the file name, used in errors.
    ///   - limit: the maximum decompressed size accepted.
    /// - Throws: ``FileFormatError`` `.badMagic`, `.truncated`, `.corruptCompressedData`, `.limitExceeded`.
    public static func decompress(
        _ bytes: [UInt8], file: String = FileFormatError.memory, limit: Int = defaultLimit
    ) throws(FileFormatError) -> [UInt8] {
        guard hasMagic(bytes) else {
            throw FileFormatError(.badMagic, file: file, offset: 0, "not a gzip stream (no 1f 8b magic)")
        }
        guard bytes.count >= 18 else {
            throw FileFormatError(
                .truncated, file: file, offset: bytes.count,
                "gzip stream of \(bytes.count) bytes is shorter than a header and trailer (18 bytes)")
        }
        // ISIZE (last 4 bytes) is the size of the last member mod 2^32: a good first capacity.
        let n = bytes.count
        let hint = Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24
        // Deflate cannot expand more than 1032:1 (RFC 1951 block limits), so a forged ISIZE cannot
        // make us allocate more than that up front.
        let bound = bytes.count > (Int.max - 1024) / 1032 ? Int.max : bytes.count * 1032 + 1024
        var output = [UInt8](repeating: 0, count: max(1024, min(hint, limit, bound)))
        var produced = 0
        var stream = z_stream()
        // windowBits 15 + 16: gzip wrapper only (zlib manual, inflateInit2).
        var status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw FileFormatError(.corruptCompressedData, file: file, "zlib inflateInit2 failed (\(status))")
        }
        defer { inflateEnd(&stream) }
        var consumed = 0
        var failure: FileFormatError?
        bytes.withUnsafeBufferPointer { input in
            while true {
                if produced == output.count {
                    guard output.count < limit else {
                        failure = FileFormatError(
                            .limitExceeded, file: file, "decompressed size exceeds the limit of \(limit) bytes")
                        return
                    }
                    output.append(contentsOf: repeatElement(0, count: min(output.count, limit - output.count)))
                }
                let availableIn = min(input.count - consumed, Int(UInt32.max))
                let availableOut = min(output.count - produced, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                stream.avail_in = UInt32(availableIn)
                status = output.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(availableOut)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                consumed += availableIn - Int(stream.avail_in)
                produced += availableOut - Int(stream.avail_out)
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another member may follow (RFC 1952 §2.2); anything else is trailing garbage.
                    if consumed == input.count { return }
                    guard input.count - consumed >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b else {
                        failure = FileFormatError(
                            .trailingBytes, file: file, offset: consumed,
                            "\(input.count - consumed) bytes after the end of the gzip stream")
                        return
                    }
                    inflateReset(&stream)
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 || consumed == input.count {
                        failure = FileFormatError(
                            .truncated, file: file, offset: consumed,
                            "gzip stream ends before its end-of-stream marker and trailer (truncated file?)")
                        return
                    }
                    // No room for output: grow on the next pass.
                    continue
                case Z_DATA_ERROR:
                    let message = stream.msg.map { String(cString: $0) } ?? "invalid data"
                    failure = FileFormatError(
                        .corruptCompressedData, file: file, offset: consumed, "corrupt gzip data: \(message)")
                    return
                case Z_MEM_ERROR:
                    failure = FileFormatError(.limitExceeded, file: file, "zlib ran out of memory")
                    return
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    failure = FileFormatError(
                        .corruptCompressedData, file: file, offset: consumed, "gzip decompression failed: \(message)")
                    return
                }
            }
        }
        if let failure { throw failure }
        output.removeSubrange(produced...)
        return output
    }

    /// Compresses `bytes` into a single gzip member (deflate, level 1–9; default 6).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(
            &stream, max(0, min(9, level)), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit2 failed with valid parameters (\(status))")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        var input = bytes
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate with a deflateBound-sized buffer did not finish")
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}
