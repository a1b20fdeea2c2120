import Foundation
import SynodConsensus
import SynodCore
import SynodLedger
import SynodSPDL

/// Who led each block of an SPDL node's ledger, what the reputations were when its leader was
/// elected, and whom the VRF election (SPDL Algorithm 1, §4.3.2, `VRFElection`) scheduled for
/// each view: everything read back from the ledger and the node genesis, so the election can be
/// audited after a run (`synod cluster run`'s report, the process tests).
///
/// The election of height h uses the reputations committed after block h − 1 (the genesis values
/// ŵ, then every round record's reputation changes) and the seed from block h − 1's hash
/// (`.zero` at h = 1), exactly the `ElectionContext` a replica builds.
public struct SPDLLeaderHistory: Sendable {
    /// One block.
    public struct Entry: Hashable, Sendable {
        /// Its height.
        public let height: UInt64
        /// The view of its proposal (`BlockHeader.view`).
        public let view: UInt64
        /// Its proposer's consensus index.
        public let proposer: Int
        /// Every member's reputation when the block's leader was elected (after block h − 1).
        public let reputationsBefore: [Double]
        /// The hash of block h − 1 (`.zero` at h = 1): the election seed's input.
        public let previousHash: Digest
    }

    /// A proposer fault the ledger records (``ProposerFaultEvidence``): the member, by consensus
    /// index, and the height of the block that recorded it.
    public struct ProvenFault: Hashable, Sendable, Codable {
        /// The offender's consensus index.
        public let member: Int
        /// The recording block's height.
        public let height: UInt64
    }

    /// Blocks 1… in height order.
    public let entries: [Entry]
    /// Reputations after the last block, by consensus index.
    public let finalReputations: [Double]
    /// The election rule (verify-only `VRFElection` over the genesis VRF keys); nil if the genesis
    /// has no VRF keys.
    public let election: VRFElection?
    /// The proposer faults recorded on the ledger, in height order.
    public let provenFaults: [ProvenFault]

    /// Reads the ledger in `directory` (read-only) of a node of the network `genesis`.
    public static func read(ledgerDirectory directory: String, genesis: NodeGenesis) throws(NodeError) -> Self {
        let ids = genesis.members.map(\.publicKey.nodeID)
        var indexOf: [NodeID: Int] = [:]
        for (position, id) in ids.enumerated() { indexOf[id] = position }
        do {
            let store = try LedgerStore.open(at: directory, readOnly: true)
            defer { try? store.close() }
            let ledgerGenesis = try store.genesis()
            var reputations = [Double](repeating: 0, count: ids.count)
            for member in ledgerGenesis.members {
                guard let position = indexOf[member.nodeID] else {
                    throw NodeError(.divergence, "\(directory): ledger member \(member.nodeID) is not in the genesis")
                }
                reputations[position] = member.reputation
            }
            var entries: [Entry] = []
            var faults: [ProvenFault] = []
            var previous = Digest.zero
            let tip = try store.tipHeight()
            var height: UInt64 = 1
            while height <= tip {
                let block = try store.block(at: height)
                guard let proposer = indexOf[block.header.proposer] else {
                    throw NodeError(.divergence, "\(directory): block \(height)'s proposer is not a member")
                }
                entries.append(
                    Entry(
                        height: height, view: block.header.view, proposer: proposer, reputationsBefore: reputations,
                        previousHash: previous))
                let proposal = SPDLBlock(header: block.header, transactions: block.transactions, aggregate: [])
                for change in proposal.roundRecord?.reputationChanges ?? [] {
                    if let position = indexOf[change.node] { reputations[position] = change.after }
                }
                for fault in proposal.proposerFaults {
                    guard let position = indexOf[fault.offender] else { continue }
                    reputations[position] = 0
                    faults.append(ProvenFault(member: position, height: height))
                }
                previous = block.hash
                height += 1
            }
            let election = genesis.vrfPublicKeys.flatMap { try? VRFElection(publicKeys: $0) }
            return SPDLLeaderHistory(
                entries: entries, finalReputations: reputations, election: election, provenFaults: faults)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.io, "\(directory): cannot read the SPDL ledger: \(error)")
        }
    }

    /// The primary the VRF election schedules for `view` at `entry`'s height (−1 if nobody is
    /// eligible); nil without VRF keys.
    public func scheduledPrimary(_ entry: Entry, view: UInt64) -> Int? {
        guard let election else { return nil }
        let context = ElectionContext(
            memberCount: entry.reputationsBefore.count, height: entry.height, previousDigest: entry.previousHash,
            previousProof: [], weights: entry.reputationsBefore)
        return election.primary(view: view, context: context)
    }

    /// Whether every block's proposer is the primary the election schedules for its height and
    /// view (nil without VRF keys).
    public var proposersAreElected: Bool? {
        guard election != nil else { return nil }
        return entries.allSatisfy { scheduledPrimary($0, view: $0.view) == $0.proposer }
    }

    /// Blocks proposed by each member, by consensus index.
    public var blocksProposed: [Int] {
        var counts = [Int](repeating: 0, count: finalReputations.count)
        for entry in entries where counts.indices.contains(entry.proposer) { counts[entry.proposer] += 1 }
        return counts
    }

    /// The first height whose election already saw `member` at reputation 0 (it can no longer
    /// lead from there on), if any.
    public func firstHeightIneligible(_ member: Int) -> UInt64? {
        entries.first { $0.reputationsBefore.indices.contains(member) && !($0.reputationsBefore[member] > 0) }?.height
    }

    /// Failed views (view changes) between consecutive blocks, attributed to the primary the
    /// election scheduled for them: for block h, the views from block h − 1's view up to (not
    /// including) block h's view (an estimate: a block decided through a NEW-VIEW keeps its
    /// first proposal's view). By consensus index; nil without VRF keys.
    public var failedViewsByPrimary: [Int]? {
        guard election != nil else { return nil }
        var counts = [Int](repeating: 0, count: finalReputations.count)
        var lastView: UInt64 = 0
        for entry in entries {
            if entry.view > lastView {
                for view in lastView..<entry.view {
                    if let primary = scheduledPrimary(entry, view: view), counts.indices.contains(primary) {
                        counts[primary] += 1
                    }
                }
            }
            lastView = max(lastView, entry.view)
        }
        return counts
    }
}
