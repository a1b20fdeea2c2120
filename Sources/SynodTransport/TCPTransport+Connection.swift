import NIOCore
import SynodCore

/// The stream ended cleanly between frames (not an input to reject).
struct ConnectionClosed: Error {}

extension TCPTransport {
    typealias Inbound = NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    typealias Outbound = NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Runs one connection from handshake to close. Returns whether the handshake completed.
    ///
    /// Every ``TransportError`` thrown by the frame decoder, the handshake, the cipher or the
    /// reassembler closes the connection and is counted under its code; socket errors and clean
    /// closes are not rejections.
    nonisolated func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, role: Role) async -> Bool {
        let channel = connection.channel
        let isResponder: Bool
        if case .responder = role { isResponder = true } else { isResponder = false }
        var admittedTicket: UInt64?
        if isResponder {
            let address = channel.remoteAddress?.ipAddress ?? "unknown"
            let admission = handshakeSlots.update { $0.admit(address: address, holder: channel) }
            admittedTicket = admission.ticket
            if let evicted = admission.evicted { evict(evicted) }
        }
        let ticket = admittedTicket
        // Frees the responder's handshake slot (after the handshake or on exit; a no-op once freed or evicted).
        let releaseSlot: @Sendable () -> Void = { [handshakeSlots, ticket] in
            if let ticket { handshakeSlots.update { $0.release(ticket) } }
        }
        defer { releaseSlot() }
        guard let token = await openChannel(channel) else {
            try? await channel.close()
            return false
        }
        let established = LockedBox<NodeID?>(nil)
        do {
            try await connection.executeThenClose { inboundStream, outbound in
                var inbound = inboundStream.makeAsyncIterator()
                var codec = FrameCodec(maxFrameBytes: configuration.maxFrameBytes)
                let session = try await handshakeWithTimeout(
                    role: role, channel: channel, inbound: &inbound, codec: &codec, outbound: outbound,
                    onHello: { [handshakeSlots] member in
                        guard let ticket else { return }
                        if let evicted = handshakeSlots.update({ $0.reserve(ticket, for: member) }) {
                            self.evict(evicted)
                        }
                    })
                releaseSlot()
                counterBox.update { $0.handshakesCompleted += 1 }
                let peer = session.peerID
                let dialer: NodeID
                switch role {
                case .initiator: dialer = localID
                case .responder: dialer = peer
                }
                let attachment = try await register(peer: peer, channel: channel, token: token, dialer: dialer)
                established.update { $0 = peer }
                try await exchange(
                    session: session, peer: peer, attachment: attachment, channel: channel, inbound: &inbound,
                    codec: &codec, outbound: outbound)
            }
        } catch let error as TransportError {
            counterBox.update { $0.rejected[error.code, default: 0] += 1 }
        } catch {
            // Clean close, reset or shutdown: not a rejected input.
        }
        let peer = established.value
        await closeChannel(token: token, peer: peer)
        return peer != nil
    }

    /// Closes a connection evicted from its handshake slot (counted `tooManyHandshakes`).
    nonisolated func evict(_ channel: any Channel) {
        counterBox.update { $0.rejected[.tooManyHandshakes, default: 0] += 1 }
        channel.close(promise: nil)
    }

    /// Runs the handshake for `role`, closing the channel if it takes longer than the configured
    /// timeout. A responder calls `onHello` with the member its accepted Hello named.
    nonisolated func handshakeWithTimeout(
        role: Role, channel: any Channel, inbound: inout Inbound, codec: inout FrameCodec, outbound: Outbound,
        onHello: @Sendable (NodeID) -> Void = { _ in }
    ) async throws -> Handshake.Result {
        let timedOut = LockedBox(false)
        let timeout = configuration.handshakeTimeout
        let timer = Task {
            do {
                try await Task.sleep(for: timeout)
                timedOut.update { $0 = true }
                channel.close(promise: nil)
            } catch {}
        }
        defer { timer.cancel() }
        do {
            return try await handshake(
                role: role, inbound: &inbound, codec: &codec, outbound: outbound, onHello: onHello)
        } catch {
            // Closing the channel at the timeout surfaces as a closed or truncated stream: report the cause.
            if timedOut.value {
                throw TransportError(.handshakeTimeout, "handshake not completed within \(timeout)")
            }
            throw error
        }
    }

    nonisolated func handshake(
        role: Role, inbound: inout Inbound, codec: inout FrameCodec, outbound: Outbound,
        onHello: @Sendable (NodeID) -> Void
    ) async throws -> Handshake.Result {
        switch role {
        case .initiator(let expected):
            let initiator = HandshakeInitiator(
                identity: configuration.identity, chainID: configuration.chainID, expectedPeer: expected)
            try await outbound.write(ByteBuffer(bytes: FrameCodec.encode(initiator.hello.encoded())))
            let reply = try await Self.readFrame(&inbound, &codec)
            let (finish, result) = try initiator.receive(reply: reply)
            try await outbound.write(ByteBuffer(bytes: FrameCodec.encode(finish.encoded())))
            return result
        case .responder:
            let members = memberBox
            var responder = HandshakeResponder(
                identity: configuration.identity, chainID: configuration.chainID,
                isMember: { members.value.contains($0) })
            let hello = try await Self.readFrame(&inbound, &codec)
            let reply = try responder.receive(hello: hello)
            if let claimed = responder.claimedPeer { onHello(claimed) }
            try await outbound.write(ByteBuffer(bytes: FrameCodec.encode(reply.encoded())))
            let finish = try await Self.readFrame(&inbound, &codec)
            return try responder.receive(finish: finish)
        }
    }

    /// Reads the next whole frame, pulling more bytes from the socket as needed.
    static func readFrame(_ inbound: inout Inbound, _ codec: inout FrameCodec) async throws -> [UInt8] {
        while true {
            if let frame = try codec.nextFrame() { return frame }
            guard let buffer = try await inbound.next() else {
                try codec.finish()
                throw ConnectionClosed()
            }
            buffer.withUnsafeReadableBytes { codec.append($0) }
        }
    }

    /// The established phase: a writer task drains the peer's outbox (consensus lane first) while
    /// this task decrypts, reassembles and delivers inbound frames.
    nonisolated func exchange(
        session: Handshake.Result, peer: NodeID,
        attachment: (outbox: PeerOutbox, generation: UInt64, wakeups: AsyncStream<Void>), channel: any Channel,
        inbound: inout Inbound, codec: inout FrameCodec, outbound: Outbound
    ) async throws {
        var receiver = session.receiver
        let sender = session.sender
        let counters = counterBox
        var reassembler = MessageReassembler(maxMessageBytes: configuration.maxMessageBytes)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var sender = sender
                do {
                    for await _ in attachment.wakeups {
                        while let next = attachment.outbox.nextChunk(generation: attachment.generation) {
                            let frame = FrameCodec.encode(try sender.seal(next.chunk))
                            try await outbound.write(ByteBuffer(bytes: frame))
                            counters.update {
                                $0.framesSent += 1
                                $0.bytesSent += UInt64(frame.count)
                            }
                        }
                    }
                } catch let error as TransportError {
                    counters.update { $0.rejected[error.code, default: 0] += 1 }
                } catch {}
                channel.close(promise: nil)
            }
            defer {
                channel.close(promise: nil)  // fails a write blocked on back-pressure
                group.cancelAll()
            }
            var frameIndex: UInt64 = 0
            while true {
                while let frame = try codec.nextFrame() {
                    let plaintext = try receiver.open(frame)
                    frameIndex += 1
                    counters.update {
                        $0.framesReceived += 1
                        $0.bytesReceived += UInt64(frame.count + FrameCodec.headerBytes)
                    }
                    if let message = try reassembler.receive(plaintext) {
                        let delivered = InboundMessage(
                            from: peer, lane: message.lane, bytes: message.bytes, frameIndex: frameIndex)
                        if case .dropped = inboundContinuation.yield(delivered) {
                            counters.update { $0.rejected[.inboundOverflow, default: 0] += 1 }
                        } else {
                            counters.update { $0.messagesReceived[message.lane, default: 0] += 1 }
                        }
                    }
                }
                guard let buffer = try await inbound.next() else {
                    try codec.finish()
                    return
                }
                buffer.withUnsafeReadableBytes { codec.append($0) }
            }
        }
    }
}
