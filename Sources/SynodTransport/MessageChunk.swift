/// The plaintext inside every encrypted transport frame: one chunk of one message.
///
/// ```
/// start:    lane (u8) ‖ 0x00 ‖ total length (u32 LE) ‖ data
/// continue: lane (u8) ‖ 0x01 ‖ data (non-empty)
/// ```
///
/// A message is a start chunk followed by continue chunks until `total length` bytes have arrived.
/// The two lanes reassemble independently, so their chunks may interleave.
public struct MessageChunk: Sendable, Equatable {
    /// Chunk kinds.
    public enum Kind: UInt8, Sendable {
        /// The first chunk of a message; carries the total length.
        case start = 0
        /// A later chunk of a message.
        case `continue` = 1
    }

    /// Header bytes of a start chunk.
    public static let startHeaderBytes = 6
    /// Header bytes of a continue chunk.
    public static let continueHeaderBytes = 2

    /// The lane of the message.
    public var lane: Lane
    /// Start or continue.
    public var kind: Kind
    /// The message's total length (start chunks only; 0 for continue).
    public var totalLength: UInt32
    /// This chunk's part of the message.
    public var data: ArraySlice<UInt8>

    /// Memberwise initializer.
    public init(lane: Lane, kind: Kind, totalLength: UInt32, data: ArraySlice<UInt8>) {
        self.lane = lane
        self.kind = kind
        self.totalLength = totalLength
        self.data = data
    }

    /// The plaintext encoding.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.startHeaderBytes + data.count)
        out.append(lane.rawValue)
        out.append(kind.rawValue)
        if kind == .start {
            for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: totalLength >> (8 * UInt32(i)))) }
        }
        out.append(contentsOf: data)
        return out
    }

    /// Parses a decrypted frame; any deviation is ``TransportError/Code/malformedMessage``.
    public init(parsing bytes: [UInt8]) throws(TransportError) {
        guard bytes.count >= Self.continueHeaderBytes else {
            throw TransportError(.malformedMessage, "chunk of \(bytes.count) bytes has no header")
        }
        guard let lane = Lane(rawValue: bytes[0]) else {
            throw TransportError(.malformedMessage, "chunk header byte 0: unknown lane \(bytes[0])")
        }
        guard let kind = Kind(rawValue: bytes[1]) else {
            throw TransportError(.malformedMessage, "chunk header byte 1: unknown kind \(bytes[1])")
        }
        self.lane = lane
        self.kind = kind
        switch kind {
        case .start:
            guard bytes.count >= Self.startHeaderBytes else {
                throw TransportError(.malformedMessage, "start chunk of \(bytes.count) bytes has no length")
            }
            totalLength =
                UInt32(bytes[2]) | UInt32(bytes[3]) << 8 | UInt32(bytes[4]) << 16 | UInt32(bytes[5]) << 24
            data = bytes[Self.startHeaderBytes...]
        case .continue:
            totalLength = 0
            data = bytes[Self.continueHeaderBytes...]
            guard !data.isEmpty else {
                throw TransportError(.malformedMessage, "continue chunk carries no data")
            }
        }
    }
}
