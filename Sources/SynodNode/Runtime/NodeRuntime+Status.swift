import Foundation
import Logging
import ServiceLifecycle
import SynodConsensus
import SynodCore
import SynodHTTP
import SynodLedger
import SynodTransport

extension NodeRuntime {
    // MARK: - Status

    /// The current status (what `status.json` holds).
    public func statusReport() async -> NodeStatusReport {
        let counters = transport.counters
        var transportRejections: [String: UInt64] = [:]
        for (code, count) in counters.rejected { transportRejections["\(code)"] = count }
        let peers = await transport.connectedPeers.count
        let metrics = replica.metrics
        let mode: String
        if case .viewChanging = replica.mode { mode = "view-changing" } else { mode = "normal" }
        let uptime = ContinuousClock.now - started
        return NodeStatusReport(
            moniker: moniker, index: index, nodeID: nodeID.hex, pid: ProcessInfo.processInfo.processIdentifier,
            genesisHash: genesis.hash.hex, protocolName: genesis.protocolName, height: replica.nextHeight - 1,
            committedHeight: proto.committedHeight,
            tipHash: proto.committedHash(at: proto.committedHeight)?.hex ?? "", view: replica.view, mode: mode,
            decidedSinceStart: decidedSinceStart, connectedPeers: peers, rejectedMessages: rejectedMessages,
            transportRejections: transportRejections,
            consensus: [
                "received": metrics.received, "duplicates": metrics.duplicates, "stale": metrics.stale,
                "tooFarAhead": metrics.tooFarAhead, "invalid": metrics.invalid, "evidence": metrics.evidence,
                "rejectedProposals": metrics.rejectedProposals, "viewChanges": metrics.viewChanges,
                "newViews": metrics.newViews, "decided": metrics.decided, "caughtUp": metrics.caughtUp,
                "syncRequests": metrics.syncRequests, "resends": metrics.resends,
                "stableCheckpoints": metrics.stableCheckpoints, "checkpointMismatches": metrics.checkpointMismatches,
                "doubleSignRefused": metrics.doubleSignRefused,
                "invalidElectionProofs": metrics.invalidElectionProofs, "noEligiblePrimary": metrics.noEligiblePrimary,
                "lateCommits": metrics.lateCommits, "fencedSignatures": metrics.fencedSignatures,
                "votingFence": Int(replica.votingFence), "blocksInMemory": replica.chain.count,
                "walSegment": Int(log.storage.segment), "walBytesWritten": Int(log.storage.bytesWritten),
            ], proposerLatencyMicros: proposerLatency, decideIntervalMicros: decideIntervals,
            uptimeSeconds: Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18,
            stopping: stopped, fatalError: fatal?.description, election: election.name,
            primary: replica.primary(of: replica.targetView),
            reputations: (0..<memberIDs.count).map { replica.app.electionWeight(of: $0) }, httpPort: httpPort)
    }

    func writeStatus() async {
        exportTransportRejections()
        let report = await statusReport()
        do {
            try report.write(to: statusPath)
        } catch {
            logger.warning("cannot write the status file", metadata: ["error": "\(error)"])
        }
    }

    /// Adds the transport's new rejections since the last call to the metrics
    /// (`synod_rejected_inputs_total{reason="<TransportError.Code>"}`).
    func exportTransportRejections() {
        for (code, count) in transport.counters.rejected.sorted(by: { $0.key < $1.key }) {
            let previous = exportedTransportRejections[code] ?? 0
            guard count > previous else { continue }
            for _ in previous..<count { metrics.rejected(reason: code.rawValue) }
            exportedTransportRejections[code] = count
        }
    }
}

extension NodeRuntime: NodeAPISource {
    /// `GET /status`.
    public func status() async -> NodeStatus {
        let connected = Set(await transport.connectedPeers)
        let mode: String
        if case .viewChanging = replica.mode { mode = "view-changing" } else { mode = "normal" }
        let peers = memberIDs.enumerated().compactMap { position, id -> PeerStatus? in
            guard position != index else { return nil }
            return PeerStatus(
                index: position, nodeID: id.hex, address: peerAddresses[position].description,
                connected: connected.contains(id))
        }
        return NodeStatus(
            nodeID: nodeID.hex, index: index, protocolName: genesis.protocolName, chainID: genesis.chainID,
            height: proto.committedHeight, view: replica.view, leader: replica.primary(of: replica.view), mode: mode,
            peers: peers, privacy: proto.privacy(of: replica.app))
    }

    /// `GET /blocks/{height}`: the stored ledger block (nil if none, or if the protocol keeps no ledger).
    public func block(at height: UInt64) async throws -> Block? {
        guard !stopped else { return nil }
        return try proto.ledgerBlock(at: height)
    }

    /// `GET /model`: the protocol's current model, if any.
    public func model() async -> [UInt8]? { proto.model(of: replica.app) }
}
