import Logging
import SynodConsensus
import SynodCore
import SynodTransport

extension NodeRuntime {
    // MARK: - Inbound

    func enqueue(_ message: InboundMessage) {
        guard !stopped else { return }
        pendingInbound.append(message)
        if !draining {
            draining = true
            Task { await self.drainInbound() }
        }
    }

    func drainInbound() async {
        while !pendingInbound.isEmpty, !stopped {
            let batch = pendingInbound
            pendingInbound.removeAll(keepingCapacity: true)
            let checked = await Self.check(batch, verifier: verifier, indexOf: indexOfID)
            for item in checked where !stopped {
                switch item {
                case .verified(let message):
                    metrics.messageIn(kind: message.message.kind)
                    perform(replica.receive(message, now: now()))
                case .rejected(let sender, let reason):
                    rejectedMessages[reason, default: 0] += 1
                    metrics.rejected(reason: reason.hasPrefix("verify") ? "verify" : reason)
                    if let sender { replica.rejectInvalid(from: sender, reason: VerificationFailure(reason)) }
                    logger.debug("dropped message", metadata: ["reason": "\(reason)", "from": "\(sender ?? -1)"])
                }
            }
        }
        draining = false
    }

    /// Decodes and verifies a batch off the actor (`verifyBatch` runs the signature checks in
    /// parallel); results are in input order.
    nonisolated static func check(
        _ batch: [InboundMessage], verifier: MessageVerifier<Proposal>, indexOf: [NodeID: Int]
    ) async -> [Checked] {
        var results = [Checked?](repeating: nil, count: batch.count)
        var items: [(ConsensusMessage<Proposal>, Int)] = []
        var positions: [Int] = []
        for (position, message) in batch.enumerated() {
            guard let sender = indexOf[message.from] else {
                results[position] = .rejected(sender: nil, reason: "unknown-sender")
                continue
            }
            do {
                let decoded = try ConsensusMessage<Proposal>(canonicalBytes: message.bytes)
                items.append((decoded, sender))
                positions.append(position)
            } catch {
                results[position] = .rejected(sender: sender, reason: "decode")
            }
        }
        for (offset, result) in verifier.verifyBatch(items).enumerated() {
            switch result {
            case .success(let verified): results[positions[offset]] = .verified(verified)
            case .failure(let failure):
                results[positions[offset]] = .rejected(sender: items[offset].1, reason: "verify: \(failure.reason)")
            }
        }
        return results.compactMap { $0 }
    }
}
