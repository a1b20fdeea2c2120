import Synchronization

/// One peer's bounded outbound queues (one per ``Lane``) and the chunk scheduler that feeds its
/// connection's writer: the next chunk is always from the consensus lane when it has one, so a
/// consensus message waits for at most the one bulk frame already being written.
///
/// Lives as long as the peer is a member; connections attach to it in turn. A new attachment
/// drops any half-sent message (the new connection's receiver starts with empty buffers).
public final class PeerOutbox: Sendable {
    private struct Queue {
        var items: [[UInt8]] = []
        var head = 0
        var bytes = 0
        /// The message being chunked and how much of it is sent.
        var current: [UInt8]?
        var offset = 0

        var count: Int { items.count - head + (current == nil ? 0 : 1) }
        var isEmpty: Bool { current == nil && head == items.count }

        mutating func push(_ message: [UInt8]) {
            items.append(message)
            bytes += message.count
        }

        mutating func pop() -> [UInt8]? {
            guard head < items.count else { return nil }
            let m = items[head]
            items[head] = []
            head += 1
            if head > 64 && head * 2 > items.count {
                items.removeSubrange(0..<head)
                head = 0
            }
            return m
        }
    }

    private struct State {
        var lanes = [Queue(), Queue()]
        var generation: UInt64 = 0
        var signal: AsyncStream<Void>.Continuation?
        var framesDequeued: UInt64 = 0
        var closed = false
    }

    /// The queue bounds.
    public let policy: OutboundQueuePolicy
    /// The largest chunk data per frame, in bytes.
    public let chunkDataBytes: Int
    private let state = Mutex(State())

    /// Creates an empty outbox.
    public init(policy: OutboundQueuePolicy, chunkDataBytes: Int) {
        self.policy = policy
        self.chunkDataBytes = max(1, chunkDataBytes)
    }

    /// Queues a message; throws ``TransportError/Code/queueFull`` when the lane's bound is reached.
    ///
    /// - Returns: the frames already handed to the current connection at the moment the message
    ///   was queued (with ``InboundMessage/frameIndex`` this measures how long a message waited, in frames).
    @discardableResult
    public func enqueue(_ message: [UInt8], lane: Lane) throws(TransportError) -> UInt64 {
        let result: Result<UInt64, TransportError> = state.withLock { s in
            if s.closed { return .failure(TransportError(.notRunning, "outbox closed")) }
            let q = s.lanes[Int(lane.rawValue)]
            switch lane {
            case .consensus:
                if q.count >= policy.consensusMessages {
                    return .failure(TransportError(.queueFull, "consensus queue holds \(q.count) messages"))
                }
            case .bulk:
                if q.count >= policy.bulkMessages || q.bytes + message.count > policy.bulkBytes {
                    return .failure(
                        TransportError(
                            .queueFull,
                            "bulk queue holds \(q.count) messages, \(q.bytes) bytes; \(message.count) more refused"))
                }
            }
            s.lanes[Int(lane.rawValue)].push(message)
            s.signal?.yield()
            return .success(s.framesDequeued)
        }
        return try result.get()
    }

    /// Messages queued (including a half-sent one) on `lane`.
    public func queuedMessages(_ lane: Lane) -> Int { state.withLock { $0.lanes[Int(lane.rawValue)].count } }

    /// Frames handed to the current connection since it attached.
    public var framesDequeued: UInt64 { state.withLock { $0.framesDequeued } }

    /// Attaches a new connection: returns its generation and a wake-up stream, finishes the
    /// previous connection's stream, and drops half-sent messages (returns how many).
    public func attach() -> (generation: UInt64, wakeups: AsyncStream<Void>, dropped: Int) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (generation, dropped) = state.withLock { s -> (UInt64, Int) in
            s.signal?.finish()
            s.generation += 1
            s.signal = continuation
            s.framesDequeued = 0
            var dropped = 0
            for i in 0..<2 where s.lanes[i].current != nil {
                s.lanes[i].bytes -= s.lanes[i].current?.count ?? 0
                s.lanes[i].current = nil
                s.lanes[i].offset = 0
                dropped += 1
            }
            continuation.yield()
            return (s.generation, dropped)
        }
        return (generation, stream, dropped)
    }

    /// Detaches connection `generation` if it is still the attached one.
    public func detach(generation: UInt64) {
        state.withLock { s in
            guard s.generation == generation else { return }
            s.signal?.finish()
            s.signal = nil
        }
    }

    /// Closes the outbox for good (the peer left the member set or the transport stopped).
    public func close() {
        state.withLock { s in
            s.closed = true
            s.signal?.finish()
            s.signal = nil
            s.lanes = [Queue(), Queue()]
        }
    }

    /// The next chunk's plaintext for connection `generation`, consensus lane first; `nil` when
    /// both lanes are empty or another connection has attached since.
    public func nextChunk(generation: UInt64) -> (chunk: [UInt8], completes: Lane?)? {
        state.withLock { s -> (chunk: [UInt8], completes: Lane?)? in
            guard s.generation == generation, !s.closed else { return nil }
            for lane in Lane.allCases {
                let i = Int(lane.rawValue)
                if s.lanes[i].current == nil {
                    guard let next = s.lanes[i].pop() else { continue }
                    s.lanes[i].current = next
                    s.lanes[i].offset = 0
                    let take = min(chunkDataBytes, next.count)
                    let chunk = MessageChunk(
                        lane: lane, kind: .start, totalLength: UInt32(truncatingIfNeeded: next.count),
                        data: next[0..<take])
                    s.lanes[i].offset = take
                    s.framesDequeued += 1
                    return (chunk.encoded(), finishIfDone(&s.lanes[i]) ? lane : nil)
                }
                guard let current = s.lanes[i].current else { continue }
                let start = s.lanes[i].offset
                let end = min(current.count, start + chunkDataBytes)
                let chunk = MessageChunk(lane: lane, kind: .continue, totalLength: 0, data: current[start..<end])
                s.lanes[i].offset = end
                s.framesDequeued += 1
                return (chunk.encoded(), finishIfDone(&s.lanes[i]) ? lane : nil)
            }
            return nil
        }
    }

    private func finishIfDone(_ q: inout Queue) -> Bool {
        guard let current = q.current, q.offset >= current.count else { return false }
        q.bytes -= current.count
        q.current = nil
        q.offset = 0
        return true
    }
}
