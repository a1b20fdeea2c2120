import SynodConsensus
import SynodCore
import SynodLedger

extension SPDLApplication {
    // MARK: - FinalizeBlock

    /// DECIDE (Algorithm 3 line 20): the ledger state after the block (certificate checked,
    /// executed once), x ← opt.step(x, Δ), the block's gradient extensions kept for the next
    /// proposal and checked for equivocation. Returns the block with its state and Δ's blob for
    /// the driver to store. No I/O.
    public mutating func finalize(_ decided: DecidedBlock<SPDLBlock>) -> FinalizedBlock {
        measure(.blockchain) { finalizeBlock(decided) }
    }

    mutating func finalizeBlock(_ decided: DecidedBlock<SPDLBlock>) -> FinalizedBlock {
        let h = decided.height
        let p = decided.proposal
        let block = p.block(certificate: decided.certificate)
        let blobs = p.aggregate.isEmpty ? [] : [GradientBlob.bytes(p.aggregate)]
        do {
            guard h == tip.height + 1 else {
                throw LedgerError(.brokenLink, height: h, field: "header.height", "the tip is \(tip.height)")
            }
            try LedgerAuditor.checkCertificate(block, members: state)
            var memory = MemoryBlobs()
            for b in blobs { memory.add(b) }
            state = try executions.finalize(block, on: state, modules: .withSPDL, blobs: memory)
            tip = block.header
        } catch {
            failures.append("height \(h): the ledger refuses a decided block: \(error)")
            return FinalizedBlock(block: block, state: state, blobs: blobs)
        }
        if keepsBlocks { keptBlocks.append((block, blobs)) }
        if let speculative, speculative.digest == decided.digest {
            node = speculative.node
            lastLoss = speculative.loss
        } else if !p.aggregate.isEmpty {
            do { try node.apply(aggregate: p.aggregate) } catch { failures.append("height \(h): \(error)") }
        }
        speculative = nil
        takeExtensions(of: decided)
        let record = p.roundRecord
        let recorded = Set(record?.evidence.map(\.offender) ?? [])
        pendingFaults.removeAll { $0.height <= h }
        pendingEvidence.removeAll {
            recorded.contains($0.offender) || SPDLLedgerModule.isProvenEquivocator($0.offender, in: state)
        }
        // Keep the gradients of round h − 1 (the next proposal) and commitments of two rounds.
        held = held.filter { $0.value.height + 1 >= h }
        seen = seen.filter { $0.key + 2 >= h }
        lateHeld = lateHeld.filter { $0.value.height + 1 >= h }
        if let record { logRound(record, header: p.header) }
        return FinalizedBlock(block: block, state: state, blobs: blobs)
    }

    /// After a restart whose store already holds the last logged block: its gradient extensions
    /// are what the next proposal aggregates.
    public mutating func resume(from decided: DecidedBlock<SPDLBlock>) {
        if decided.height == tip.height, decided.digest == tip.hash { takeExtensions(of: decided) }
    }

    /// Keeps a decided block's valid gradient extensions (round h − 1, parent = that block) for the
    /// next proposal and notes them and its round record's commitments.
    mutating func takeExtensions(of decided: DecidedBlock<SPDLBlock>) {
        let h = decided.height
        for ext in decided.extensions {
            guard let e = try? GradientExtension(canonicalBytes: ext.data), Int(ext.voter) < memberIDs.count,
                e.invalidityReason(
                    sender: memberIDs[Int(ext.voter)], round: h - 1, parent: decided.digest, dimension: dimension)
                    == nil
            else { continue }
            held[e.commitment.payload.digest] = (e.vector, h)
            note(e.commitment)
        }
        for c in decided.proposal.roundRecord?.commitments ?? [] { note(c) }
    }

    mutating func logRound(_ record: SPDLRoundRecord, header: BlockHeader) {
        var metric = SPDLRoundMetrics(
            round: Int(record.round), testError: nil, loss: lastLoss,
            leader: memberIDs.firstIndex(of: header.proposer) ?? -1, view: Int(header.view),
            included: record.commitments.count, fetched: fetched, evidence: record.evidence.count,
            tLGC: timer?.take(.localGradient) ?? 0, tGE: timer?.take(.gradientExchange) ?? 0,
            tBC: timer?.take(.blockchain) ?? 0)
        metric.testError = evaluator?.testError(of: node, afterRound: Int(record.round), of: configuration.rounds)
        roundMetrics.append(metric)
    }
}
