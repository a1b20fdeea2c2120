/// Length-prefixed framing: each frame is a `u32` little-endian payload length followed by the
/// payload. A sans-IO decoder: bytes in, frames or a typed ``TransportError`` out.
///
/// ```
/// +----------------+---------------------------+
/// | length (u32 LE)| payload (length bytes)    |
/// +----------------+---------------------------+
/// ```
///
/// The length is checked against ``maxFrameBytes`` as soon as its four bytes are read, so an
/// attacker cannot make the decoder buffer more than `4 + maxFrameBytes` bytes.
public struct FrameCodec: Sendable {
    /// Bytes of the length prefix.
    public static let headerBytes = 4

    /// The largest payload accepted, in bytes.
    public let maxFrameBytes: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0

    /// Creates a decoder that accepts payloads of at most `maxFrameBytes` bytes (clamped to `UInt32.max`).
    public init(maxFrameBytes: Int) {
        self.maxFrameBytes = max(1, min(maxFrameBytes, Int(UInt32.max)))
    }

    /// Encodes one frame: the `u32` little-endian length of `payload`, then `payload`.
    public static func encode<Bytes: Collection<UInt8>>(_ payload: Bytes) -> [UInt8] {
        let count = UInt32(truncatingIfNeeded: payload.count)
        var out: [UInt8] = []
        out.reserveCapacity(headerBytes + payload.count)
        out.append(UInt8(truncatingIfNeeded: count))
        out.append(UInt8(truncatingIfNeeded: count >> 8))
        out.append(UInt8(truncatingIfNeeded: count >> 16))
        out.append(UInt8(truncatingIfNeeded: count >> 24))
        out.append(contentsOf: payload)
        return out
    }

    /// Bytes received but not yet returned as a frame.
    public var bufferedBytes: Int { buffer.count - readIndex }

    /// Appends received bytes.
    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        if readIndex > 0 && readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete frame's payload, `nil` if more bytes are needed.
    ///
    /// - Throws: ``TransportError/Code/oversizedFrame`` when the length prefix exceeds
    ///   ``maxFrameBytes``, ``TransportError/Code/emptyFrame`` for a zero length. After an error the
    ///   decoder is unusable: the stream has lost its framing and the connection must be closed.
    public mutating func nextFrame() throws(TransportError) -> [UInt8]? {
        let available = buffer.count - readIndex
        guard available >= Self.headerBytes else { return nil }
        let length =
            Int(buffer[readIndex]) | Int(buffer[readIndex + 1]) << 8 | Int(buffer[readIndex + 2]) << 16
            | Int(buffer[readIndex + 3]) << 24
        if length == 0 {
            throw TransportError(.emptyFrame, "frame length prefix is 0")
        }
        if length > maxFrameBytes {
            throw TransportError(
                .oversizedFrame, "frame length prefix \(length) exceeds the maximum \(maxFrameBytes)")
        }
        guard available >= Self.headerBytes + length else { return nil }
        let start = readIndex + Self.headerBytes
        let payload = Array(buffer[start..<(start + length)])
        readIndex = start + length
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        return payload
    }

    /// Signals end of stream. Throws ``TransportError/Code/truncatedFrame`` if a partial frame is buffered.
    public func finish() throws(TransportError) {
        let remaining = buffer.count - readIndex
        if remaining > 0 {
            throw TransportError(
                .truncatedFrame, "stream ended with \(remaining) bytes of an incomplete frame buffered")
        }
    }
}
