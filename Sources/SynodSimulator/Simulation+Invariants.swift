import Foundation
import SynodConsensus
import SynodCore

extension Simulation {
    // MARK: - Invariants

    mutating func checkDecision(_ block: DecidedBlock<Proposal>, node: Int) {
        let replica = nodes[node].replica
        mixTrace(2, node: node, from: 0, tag: 0, a: block.height, b: digestWord(block.digest))
        record("decide", node: node, detail: "h\(block.height) \(block.digest.short)")
        guard nodes[node].byzantine == nil else { return }
        if let existing = decidedDigest[block.height] {
            if existing != block.digest {
                violations.append(
                    "agreement: replica \(replica) decided \(block.digest.short) at height \(block.height), another decided \(existing.short)"
                )
            }
        } else {
            decidedDigest[block.height] = block.digest
        }
        if !App.isValid(block.proposal, height: block.height) {
            violations.append("validity: replica \(replica) decided an invalid block at height \(block.height)")
        }
        do {
            try verifier.checkCertificate(
                block.certificate, phase: .commit, height: block.height, blockHash: block.digest, field: "decided")
        } catch {
            violations.append("certificate: replica \(replica) at height \(block.height): \(error)")
        }
        // The state after this block (only when it is the replica's latest: a step may decide several).
        if let core = nodes[node].core, core.decidedHeight == block.height {
            let digest = core.app.stateDigest
            if let existing = stateDigest[block.height], existing != digest {
                violations.append("state divergence at height \(block.height) on replica \(replica)")
            } else {
                stateDigest[block.height] = digest
            }
        }
        checkFinished()
    }

    mutating func checkFinished() {
        guard healed else { return }
        let honest = nodes.filter { $0.byzantine == nil }
        if honest.allSatisfy({ ($0.core?.decidedHeight ?? 0) >= target }) { finished = true }
    }

    // MARK: - Trace

    func digestWord(_ digest: Digest) -> UInt64 {
        digest.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func mixTrace(_ kind: UInt64, node: Int, from: Int, tag: UInt8, a: UInt64, b: UInt64) {
        for word in [now, kind, UInt64(node), UInt64(from), UInt64(tag), a, b] {
            var value = word
            for _ in 0..<8 {
                traceHash ^= value & 0xFF
                traceHash = traceHash &* 0x100_0000_01b3
                value >>= 8
            }
        }
    }

    mutating func record(_ what: String, node: Int, detail: String) {
        var hash = traceHash
        for byte in what.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        traceHash = hash
        if configuration.recordTrace {
            let who = node >= 0 ? "r\(nodes[node].replica)\(nodes[node].side == 1 ? "'" : "")" : "--"
            trace.append("\(String(format: "%10.3f", Double(now) / 1000)) ms \(who) \(what) \(detail)")
        }
    }
}
