import Foundation
import Logging
import SynodConsensus
import SynodCore

/// What `synod node repair` found and did.
public struct NodeRepairReport: Sendable, Codable, Equatable {
    /// The write-ahead log's base path.
    public let walPath: String
    /// What was wrong: the corruption (file and byte offset), or that the log was missing.
    public let problem: String
    /// The height the protocol's store holds.
    public let storedHeight: UInt64
    /// The highest decided height in the intact part of the old log (0 if none).
    public let loggedHeight: UInt64
    /// The fence: the repaired node signs nothing at heights at or below it.
    public let votingFence: UInt64
    /// Records written to the new log.
    public let recordsWritten: Int
    /// The old segment files, renamed with a `.corrupt-<unix seconds>` suffix (kept for inspection).
    public let movedAside: [String]
}

/// `synod node repair`: replaces a write-ahead log that is corrupt before its tail, or missing
/// next to a non-empty store, by a new log that cannot make the node vote twice.
///
/// The node may have sent votes that only the lost part of the log recorded. It only ever signs
/// at its next height, one above a block its log holds, and its store never runs ahead of its log
/// by more than the block being stored, so every height it may have signed at is at most
/// `max(stored height, intact logged height) + 2`. The new log holds the store's tip block (from
/// ``NodeProtocol/blockSource``), the intact decided blocks above it, the last intact view and
/// checkpoint records, and a `.fence` record at that height: the replica signs nothing there
/// (`PBFTReplica.votingFence`) and learns those blocks from its peers by state transfer. The old
/// segments are renamed, not deleted.
public enum NodeRepair {
    /// Repairs the log of the node at `home`. A healthy log (present and intact, or absent next to
    /// an empty store) is left alone (`nil`).
    public static func repair(
        home: NodeHome, registry: NodeProtocolRegistry = .standard, now: Date = Date()
    ) throws(NodeError) -> NodeRepairReport? {
        let config = try home.loadConfig()
        let genesis = try home.loadGenesis()
        let key = try home.loadKey()
        guard let index = genesis.index(of: key.publicKey) else {
            throw NodeError(.notAMember, "\(home.keyPath): node \(key.nodeID.hex) is not a member of the genesis")
        }
        let context = NodeProtocolContext(
            home: home, genesis: genesis, index: index, key: key, memberKeys: genesis.memberKeys,
            logger: Logger(label: "synod.repair", factory: { _ in SwiftLogNoOpLogHandler() }),
            clock: { UInt64(max(0, Date().timeIntervalSince1970 * 1_000)) })
        let proto = try registry.make(genesis.protocolName, context: context)
        return try repair(proto, walPath: home.walPath(config), now: now)
    }

    /// Repairs the log at `walPath` of a node running `proto` (closed afterwards).
    static func repair<Q: NodeProtocol>(_ proto: Q, walPath: String, now: Date) throws(NodeError) -> NodeRepairReport? {
        var proto = proto
        defer { proto.close() }
        let stored = proto.committedHeight
        let segments = FileWriteAheadLog.segments(of: walPath)
        var intact: [WALRecord<Q.App.Proposal>] = []
        let problem: String
        if let newest = segments.last {
            let file = FileWriteAheadLog.segmentPath(walPath, newest)
            let bytes: [UInt8]
            do {
                bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw NodeError(.io, "\(file): cannot read: \(error.localizedDescription)")
            }
            let scan = WALFraming.scan(bytes)
            var undecodable: String?
            for (position, payload) in scan.records.enumerated() {
                guard let record = try? WALRecord<Q.App.Proposal>(canonicalBytes: payload) else {
                    undecodable = "\(file): record \(position) does not decode"
                    break
                }
                intact.append(record)
            }
            if let corruption = scan.corruption {
                problem = corruption.describe(file: file)
            } else if let undecodable {
                problem = undecodable
            } else {
                return nil
            }
        } else {
            guard stored > 0 else { return nil }
            problem = "\(walPath): missing, the store holds height \(stored)"
        }

        let decided = intact.compactMap { record -> DecidedBlock<Q.App.Proposal>? in
            if case .decided(let block) = record { return block }
            return nil
        }
        let logged = decided.map(\.height).max() ?? 0
        let fence = max(stored, logged) + 2
        var chain: [DecidedBlock<Q.App.Proposal>] = []
        if stored > 0 {
            guard let source = proto.blockSource, let tip = source(stored, 1).first, tip.height == stored else {
                throw NodeError(
                    .runtime,
                    "\(walPath): cannot repair: the protocol's store cannot serve its tip block \(stored) "
                        + "(only protocols with a block source, e.g. `ledger`, can be repaired)")
            }
            chain.append(tip)
        }
        for block in decided where block.height == (chain.last?.height ?? 0) + 1 { chain.append(block) }
        var records: [WALRecord<Q.App.Proposal>] = []
        if let view = intact.last(where: { if case .view = $0 { true } else { false } }) { records.append(view) }
        if let checkpoint = intact.last(where: { if case .checkpoint = $0 { true } else { false } }) {
            records.append(checkpoint)
        }
        records += chain.map { .decided($0) }
        records.append(.fence(height: fence))

        let stamp = Int(now.timeIntervalSince1970)
        var moved: [String] = []
        for number in segments {
            let file = FileWriteAheadLog.segmentPath(walPath, number)
            let aside = file + ".corrupt-\(stamp)"
            guard rename(file, aside) == 0 else {
                throw NodeError(.io, "\(file): cannot rename to \(aside) (errno \(errno))")
            }
            moved.append(aside)
        }
        do {
            var log = ReplicaLog<Q.App.Proposal, FileWriteAheadLog>(storage: try FileWriteAheadLog(path: walPath))
            try log.append(records)
        } catch {
            throw NodeError(.io, "\(walPath): cannot write the repaired log: \(error)")
        }
        return NodeRepairReport(
            walPath: walPath, problem: problem, storedHeight: stored, loggedHeight: logged, votingFence: fence,
            recordsWritten: records.count, movedAside: moved)
    }
}
