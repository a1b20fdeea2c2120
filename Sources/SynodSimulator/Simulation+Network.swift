import Foundation
import SynodConsensus
import SynodCore

extension Simulation {
    // MARK: - Network

    /// Pops every delivery queued at the same instant right after `first`, verifies them all in
    /// parallel, then delivers them in queue order (the same run as one-by-one delivery).
    mutating func deliverBatch(startingWith first: Event, at time: UInt64) {
        var batch = [first]
        while let (nextTime, next) = queue.first, nextTime == time, case .deliver = next, !finished {
            _ = queue.pop()
            events += 1
            batch.append(next)
        }
        var items: [(ConsensusMessage<Proposal>, Int)] = []
        for event in batch {
            if case .deliver(let message, let fromReplica, _, _) = event { items.append((message, fromReplica)) }
        }
        let results = verifier.verifyBatch(items)
        for (event, result) in zip(batch, results) {
            guard case .deliver(let message, let fromReplica, let fromNode, let toNode) = event else { continue }
            deliver(message, fromReplica: fromReplica, fromNode: fromNode, toNode: toNode, verified: result)
            if finished { break }
        }
    }

    mutating func deliver(
        _ message: ConsensusMessage<Proposal>, fromReplica: Int, fromNode: Int, toNode: Int,
        verified: Result<VerifiedMessage<Proposal>, VerificationFailure>? = nil
    ) {
        guard nodes[toNode].core != nil else { return }
        let position = message.position
        mixTrace(1, node: toNode, from: fromNode, tag: message.tag, a: position.view, b: position.height)
        if configuration.recordTrace {
            record(
                "recv", node: toNode,
                detail: "\(message.kind) from \(fromReplica) v\(position.view) h\(position.height)")
        }
        stepMeter?.begin(node: toNode)
        switch verified ?? verifier.verify(message, from: fromReplica) {
        case .success(let verified):
            let effects = nodes[toNode].core!.receive(verified, now: now)
            stepMeter?.end(node: toNode)
            perform(effects, node: toNode)
        case .failure(let failure):
            nodes[toNode].core!.rejectInvalid(from: fromReplica, reason: failure)
            stepMeter?.end(node: toNode)
            if configuration.recordTrace { record("invalid", node: toNode, detail: failure.reason) }
        }
    }

    func nodesOf(_ replica: Int) -> [Int] { replicaNodes[replica] }

    func side(of node: Int) -> Int {
        nodes[node].byzantine == .twins ? nodes[node].side : twinSide[nodes[node].replica]
    }

    mutating func transmit(_ message: ConsensusMessage<Proposal>, fromNode: Int, toReplica: Int) {
        let fromReplica = nodes[fromNode].replica
        guard toReplica != fromReplica else { return }
        if blocked[fromReplica][toReplica] { return }
        // Twins: every node has a side (a copy its own, others one drawn per partition); a message
        // to or from a twin copy only flows within a side, so each side sees one copy.
        let fromSide = side(of: fromNode)
        let fromTwin = nodes[fromNode].byzantine == .twins
        for target in nodesOf(toReplica) {
            if fromTwin || nodes[target].byzantine == .twins, side(of: target) != fromSide { continue }
            var copies = 1
            if faultsActive {
                if networkRandom.bernoulli(configuration.dropProbability) { continue }
                if networkRandom.bernoulli(configuration.duplicateProbability) { copies = 2 }
            }
            for _ in 0..<copies {
                let u = max(networkRandom.uniform(), 1e-12)
                let delay =
                    configuration.latencyMinimum + UInt64(-Double(configuration.latencyMean) * PortableMath.log(u))
                queue.push(
                    .deliver(message, fromReplica: fromReplica, fromNode: fromNode, toNode: target), at: now + delay)
            }
        }
    }

    // MARK: - Effects

    mutating func perform(_ effects: [ReplicaEffect<Proposal>], node: Int) {
        for effect in effects {
            guard nodes[node].core != nil else { return }  // crashed mid-step: later effects never happen
            switch effect {
            case .persist(let record):
                let bytes = record.canonicalBytes
                writeCount[node] += 1
                if let point = configuration.writeCrash, point.replica == nodes[node].replica, nodes[node].side == 0,
                    point.write == writeCount[node] - 1
                {
                    if point.torn {
                        nodes[node].log.appendTorn(bytes, keptBytes: (bytes.count + WALFraming.headerSize) / 2)
                        tornCount += 1
                    } else {
                        try? nodes[node].log.append([bytes])
                    }
                    crash(node, reason: "scripted at write \(point.write) (\(record.kind))")
                    queue.push(.restart(node: node), at: now + 50_000)
                    return
                }
                if faultsActive, configuration.crashes, nodes[node].byzantine == nil, writeCrashesLeft > 0,
                    faultRandom.bernoulli(0.004)
                {
                    writeCrashesLeft -= 1
                    if faultRandom.bernoulli(0.5) {
                        let framed = bytes.count + WALFraming.headerSize
                        nodes[node].log.appendTorn(bytes, keptBytes: faultRandom.uniformInt(in: 0..<framed))
                        tornCount += 1
                        crash(node, reason: "torn write of \(record.kind)")
                    } else {
                        try? nodes[node].log.append([bytes])
                        crash(node, reason: "after durable write of \(record.kind)")
                    }
                    queue.push(.restart(node: node), at: now + 5_000 + faultRandom.uniformInt(below: 100_000))
                    return
                }
                do { try nodes[node].log.append([bytes]) } catch {
                    // A real node stops here (NodeRuntime: "WAL append failed"): never send unpersisted.
                    violations.append(
                        "replica \(nodes[node].replica): the log refused a \(record.kind) record: \(error)")
                    crash(node, reason: "log refused a write")
                    return
                }
            case .send(let message, let to):
                send(message, fromNode: node, to: [to])
            case .broadcast(let message):
                send(message, fromNode: node, to: (0..<configuration.nodes).filter { $0 != nodes[node].replica })
            case .decide(let block):
                // The `.decided` record is durable by now: commit (the simulated store; the
                // application's finalized result is dropped, its state lives in memory).
                nodes[node].store.append(block)
                _ = nodes[node].core?.takeFinalized(height: block.height)
                checkDecision(block, node: node)
            case .setTimer(let at):
                if nodes[node].timerAt != at {
                    nodes[node].timerAt = at
                    queue.push(.timer(node: node, epoch: nodes[node].epoch), at: max(at, now))
                }
            case .evidence(let evidence):
                guard let offender = evidence.offender(in: consensus) else { break }
                if nodes[node].byzantine == nil, nodes.first(where: { $0.replica == offender })?.byzantine == nil {
                    violations.append(
                        "replica \(nodes[node].replica) produced evidence against honest replica \(offender)")
                }
                if !evidence.isValid(configuration: consensus, scheme: scheme) {
                    violations.append("replica \(nodes[node].replica) produced invalid evidence")
                }
                record("evidence", node: node, detail: "against \(offender)")
            case .compactLog(let height):
                var log = ReplicaLog<Proposal, InMemoryWriteAheadLog>(storage: nodes[node].log)
                try? log.compact(throughHeight: height)
                nodes[node].log = log.storage
            }
        }
    }

    mutating func send(_ message: ConsensusMessage<Proposal>, fromNode: Int, to destinations: [Int]) {
        if let kind = nodes[fromNode].byzantine {
            for (mutated, destination) in byzantine(kind, message: message, node: fromNode, destinations: destinations)
            {
                transmit(mutated, fromNode: fromNode, toReplica: destination)
            }
        } else if case .commit(let signed, let ext) = message, !ext.isEmpty, let app = nodes[fromNode].core?.app {
            // Application-level Byzantine members may send each receiver its own vote extension.
            let v = signed.vote
            for destination in destinations {
                guard
                    let other = app.extensionForReceiver(
                        destination, height: v.height, digest: v.blockHash, original: ext),
                    other != ext
                else {
                    transmit(message, fromNode: fromNode, toReplica: destination)
                    continue
                }
                transmit(
                    resignedCommit(signed, extension: other, node: fromNode), fromNode: fromNode, toReplica: destination
                )
            }
        } else {
            for destination in destinations { transmit(message, fromNode: fromNode, toReplica: destination) }
        }
    }
}
