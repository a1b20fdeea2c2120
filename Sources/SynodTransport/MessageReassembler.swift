/// Rebuilds whole messages from the ``MessageChunk``s of one connection, one buffer per lane.
///
/// Sans-IO and strict: a start while a message is open, a continue with no open message, more
/// data than announced, or a length above ``maxMessageBytes`` is a typed error (the caller closes
/// the connection).
public struct MessageReassembler: Sendable {
    /// The largest message accepted, in bytes.
    public let maxMessageBytes: Int

    private struct Partial: Sendable {
        var total: Int
        var bytes: [UInt8]
    }

    private var open: [Partial?] = [nil, nil]

    /// Creates a reassembler accepting messages of at most `maxMessageBytes` bytes.
    public init(maxMessageBytes: Int) {
        self.maxMessageBytes = max(0, maxMessageBytes)
    }

    /// Feeds one decrypted frame; returns the message it completes, if any.
    public mutating func receive(_ plaintext: [UInt8]) throws(TransportError) -> (lane: Lane, bytes: [UInt8])? {
        let chunk = try MessageChunk(parsing: plaintext)
        let index = Int(chunk.lane.rawValue)
        switch chunk.kind {
        case .start:
            guard open[index] == nil else {
                throw TransportError(.malformedMessage, "\(chunk.lane) lane: start chunk while a message is open")
            }
            let total = Int(chunk.totalLength)
            guard total <= maxMessageBytes else {
                throw TransportError(
                    .oversizedMessage, "\(chunk.lane) lane: message of \(total) bytes exceeds \(maxMessageBytes)")
            }
            guard chunk.data.count <= total else {
                throw TransportError(
                    .malformedMessage, "\(chunk.lane) lane: start chunk carries \(chunk.data.count) > \(total) bytes")
            }
            if chunk.data.count == total { return (chunk.lane, Array(chunk.data)) }
            var bytes: [UInt8] = []
            // Grow with the data actually received: a start chunk alone must not make us allocate
            // up to maxMessageBytes (a cheap memory attack by a member).
            bytes.reserveCapacity(min(total, 1 << 20))
            bytes.append(contentsOf: chunk.data)
            open[index] = Partial(total: total, bytes: bytes)
            return nil
        case .continue:
            guard var partial = open[index] else {
                throw TransportError(.malformedMessage, "\(chunk.lane) lane: continue chunk with no open message")
            }
            guard chunk.data.count <= partial.total - partial.bytes.count else {
                throw TransportError(
                    .malformedMessage, "\(chunk.lane) lane: chunk overruns the announced \(partial.total) bytes")
            }
            open[index] = nil  // release the copy-on-write reference before appending
            partial.bytes.append(contentsOf: chunk.data)
            if partial.bytes.count == partial.total { return (chunk.lane, partial.bytes) }
            open[index] = partial
            return nil
        }
    }
}
