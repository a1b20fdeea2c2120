import Foundation
import Logging
import ServiceLifecycle
import SynodConsensus
import SynodCore
import SynodHTTP
import SynodLedger
import SynodTransport

extension NodeRuntime {
    // MARK: - Effects

    /// Performs a step's effects in order (persist-before-send, decide after persist).
    func perform(_ effects: [ReplicaEffect<Proposal>]) {
        guard !stopped, fatal == nil else { return }
        var pending: [WALRecord<Proposal>] = []
        func flush() -> Bool {
            guard !pending.isEmpty else { return true }
            do {
                try log.append(pending)
                pending.removeAll()
                crash.wrote()
                return true
            } catch {
                fail(NodeError(.runtime, "WAL append failed: \(error)"))
                return false
            }
        }
        for effect in effects {
            switch effect {
            case .persist(let record):
                pending.append(record)
            case .send(let message, let to):
                guard flush() else { return }
                guard to != index, to >= 0, to < memberIDs.count else { continue }
                outbound.yield(.send(message.canonicalBytes, memberIDs[to], Self.lane(of: message)))
                metrics.messageOut(kind: message.kind)
            case .broadcast(let message):
                guard flush() else { return }
                if case .prePrepare(let envelope) = message, Int(envelope.signer) == index {
                    proposedAt[envelope.body.height] = proposedAt[envelope.body.height] ?? now()
                }
                outbound.yield(.broadcast(message.canonicalBytes, Self.lane(of: message)))
                for _ in 1..<max(memberIDs.count, 1) { metrics.messageOut(kind: message.kind) }
            case .decide(let block):
                guard flush() else { return }
                decided(block)
                if stopped || fatal != nil { return }
            case .setTimer(let at):
                timerDeadline = at
            case .evidence(let evidence):
                logger.warning(
                    "evidence of equivocation",
                    metadata: ["offender": "\(evidence.offender(in: replica.configuration).map(String.init) ?? "?")"])
            case .compactLog(let height):
                guard flush() else { return }
                do {
                    try log.compact(throughHeight: height, keepingDecidedBlocks: keepsDecidedBlocks)
                    crash.wrote()
                } catch {
                    fail(NodeError(.runtime, "WAL compaction failed: \(error)"))
                    return
                }
            }
        }
        _ = flush()
        if replica.view > lastView {
            lastView = replica.view
            metrics.viewChanged(view: replica.view)
        }
    }

    static func lane(of message: ConsensusMessage<Proposal>) -> Lane {
        switch message {
        case .blocks, .payloads: .bulk
        default: .consensus
        }
    }

    func decided(_ block: DecidedBlock<Proposal>) {
        do throws(NodeError) {
            guard let finalized = replica.takeFinalized(height: block.height) else {
                throw NodeError(.runtime, "height \(block.height): decided without a finalized result")
            }
            try proto.commit(block, finalized: finalized)
            crash.wrote()
        } catch {
            fail(error)
            return
        }
        let time = now()
        decidedSinceStart += 1
        var latencyText = "-"
        metrics.decided(height: block.height)
        if let proposed = proposedAt.removeValue(forKey: block.height) {
            Self.push(time - proposed, into: &proposerLatency)
            metrics.roundLatency(seconds: Double(time - proposed) / 1_000_000)
            latencyText = String(format: "%.1fms", Double(time - proposed) / 1_000)
        }
        proposedAt = proposedAt.filter { $0.key > block.height }
        if let last = lastDecideTime { Self.push(time - last, into: &decideIntervals) }
        lastDecideTime = time
        logger.info(
            "decided",
            metadata: [
                "block": "\(proto.summary(of: block))", "proposerLatency": "\(latencyText)",
            ])
        reportPrivacyRefusals()
    }

    /// Logs and counts the rounds the application refused to contribute to since the last call
    /// (its privacy budget would be exceeded).
    func reportPrivacyRefusals() {
        guard let privacy = proto.privacy(of: replica.app), privacy.refusedRounds > reportedPrivacyRefusals else {
            return
        }
        let own = privacy.members.first { $0.index == index }
        logger.warning(
            "privacy budget reached: not contributing gradients",
            metadata: [
                "budget": "\(privacy.budget.map { "\($0)" } ?? "none")",
                "epsilon": "\(own?.epsilon.map { "\($0)" } ?? "unbounded")", "rounds": "\(own?.rounds ?? 0)",
                "refusedRounds": "\(privacy.refusedRounds)",
            ])
        for _ in reportedPrivacyRefusals..<privacy.refusedRounds { metrics.privacyRefused() }
        reportedPrivacyRefusals = privacy.refusedRounds
    }

    static func push(_ value: UInt64, into samples: inout [UInt64]) {
        samples.append(value)
        if samples.count > sampleLimit { samples.removeFirst(samples.count - sampleLimit) }
    }

    func fail(_ error: NodeError) {
        guard fatal == nil else { return }
        fatal = error
        logger.critical("fatal error, stopping", metadata: ["error": "\(error)"])
        Task { await self.stop() }
    }
}
