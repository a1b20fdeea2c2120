import SynodConsensus
import SynodCore
import SynodLedger

/// How a member computes its round gradient on a model: Algorithm 2 for an honest member, an
/// attack for a Byzantine one (``SPDLAdversary``). Returns the vector and the training loss.
typealias SPDLGradientSource = (_ model: inout SPDLNode, _ round: UInt64) -> (vector: [Float], loss: Double)?

extension SPDLApplication {
    // MARK: - ExtendVote / VerifyVoteExtension

    /// COMMIT of `block` at `height`: x after that block, then this replica's round height − 1
    /// gradient (Algorithm 2), signed. Empty once all rounds are done.
    public mutating func extendVote(_ block: SPDLBlock, height: UInt64) -> [UInt8] {
        extendVote(block, height: height, gradient: algorithm2)
    }

    /// ``extendVote(_:height:)`` with the gradient computed by `gradient`.
    mutating func extendVote(_ block: SPDLBlock, height: UInt64, gradient: SPDLGradientSource) -> [UInt8] {
        guard height >= 1, height - 1 < UInt64(configuration.rounds), height == tip.height + 1,
            withinPrivacyBudget(round: height - 1)
        else { return [] }
        let digest = block.proposalDigest
        var next = node
        if !block.aggregate.isEmpty {
            guard (try? next.apply(aggregate: block.aggregate)) != nil else { return [] }
        }
        guard let (signed, loss) = signedGradient(round: height - 1, parent: digest, model: &next, gradient)
        else {
            speculative = (digest, next, 0)
            return []
        }
        speculative = (digest, next, loss)
        return signed.canonicalBytes
    }

    /// A block this replica decided without its COMMIT in the decision (the engine's
    /// `extendDecided`): its round h − 1 gradient on the finalized x, the same signed gradient its
    /// COMMIT would have carried (Algorithm 2 is deterministic per node and round). Kept as a late
    /// vector for its own next proposal (``gradientSet(round:excluding:)``); empty if all rounds
    /// are done or the block is not the tip.
    public mutating func extendDecided(_ decided: DecidedBlock<SPDLBlock>) -> [UInt8] {
        extendDecided(decided, gradient: algorithm2)
    }

    /// ``extendDecided(_:)`` with the gradient computed by `gradient`.
    mutating func extendDecided(_ decided: DecidedBlock<SPDLBlock>, gradient: SPDLGradientSource) -> [UInt8] {
        let h = decided.height
        guard h >= 1, h - 1 < UInt64(configuration.rounds), h == tip.height, decided.digest == tip.hash,
            withinPrivacyBudget(round: h - 1),
            let (signed, _) = signedGradient(round: h - 1, parent: decided.digest, model: &node, gradient)
        else { return [] }
        let c = signed.commitment
        if held[c.payload.digest] == nil, lateHeld[c.payload.digest] == nil {
            lateHeld[c.payload.digest] = (signed.vector, h)
        }
        note(c)
        return signed.canonicalBytes
    }

    /// Algorithm 2 on `model`: one mini-batch gradient with clipping, then the configured noise.
    var algorithm2: SPDLGradientSource {
        let timer = timer
        return { model, round in
            func measure<T>(_ phase: SPDLPhase, _ body: () -> T) -> T { timer?.measure(phase, body) ?? body() }
            guard let (g, loss) = measure(.localGradient, { try? model.localGradient(round: Int(round)) }) else {
                return nil
            }
            let perturbed = measure(.gradientExchange) { try? model.perturb(g, round: Int(round)) }
            return perturbed.map { ($0, loss) }
        }
    }

    /// This replica's signed round `round` gradient on block `parent` at model `next` (from
    /// `gradient`) and its loss.
    func signedGradient(
        round: UInt64, parent: Digest, model next: inout SPDLNode, _ gradient: SPDLGradientSource
    ) -> (GradientExtension, Double)? {
        guard let (vector, loss) = gradient(&next, round), vector.count == dimension else { return nil }
        return measure(.gradientExchange) {
            (sign(vector, round: round, parent: parent), loss)
        }
    }

    /// `vector` as this replica's signed gradient of `round` on `parent`.
    func sign(_ vector: [Float], round: UInt64, parent: Digest) -> GradientExtension {
        let commitment = SignedGradient(
            GradientCommitment(round: round, parent: parent, sender: id, gradient: vector), key: key,
            domain: .spdlGradient)
        return GradientExtension(commitment: commitment, vector: vector)
    }

    /// Checks another replica's extension (VerifyVoteExtension): decodable, signed in `spdl/gradient`
    /// by the voter, round height − 1, the model's dimension, finite, matching its hash.
    public func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool {
        measure(.gradientExchange) {
            guard memberIDs.indices.contains(voter), height >= 1, height - 1 < UInt64(configuration.rounds),
                let ext = try? GradientExtension(canonicalBytes: data)
            else { return false }
            return ext.invalidityReason(
                sender: memberIDs[voter], round: height - 1, parent: digest, dimension: dimension) == nil
        }
    }

    // MARK: - Extensions after the decision

    /// A COMMIT extension that arrived after this replica decided `height` (the engine's
    /// `receiveLateExtension`): verified like any extension, noted for equivocation, and its vector
    /// kept for the next proposal unless the sender already has a gradient on that parent.
    public mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) {
        guard height >= 1, height == tip.height, digest == tip.hash, memberIDs.indices.contains(voter),
            height - 1 < UInt64(configuration.rounds), let e = try? GradientExtension(canonicalBytes: data),
            e.invalidityReason(sender: memberIDs[voter], round: height - 1, parent: digest, dimension: dimension)
                == nil
        else { return }
        let c = e.commitment
        let known = seen[c.payload.round]?[c.payload.sender]?.contains { $0.payload.parent == digest } ?? false
        if !known, held[c.payload.digest] == nil, lateHeld[c.payload.digest] == nil,
            lateHeld.count < 2 * memberIDs.count
        {
            lateHeld[c.payload.digest] = (e.vector, height)
        }
        note(c)
    }

    /// Records the first signed gradient per (round, sender, parent); a different one for the same
    /// round and parent is evidence (a different parent is not: see ``GradientCommitment/parent``).
    mutating func note(_ c: SignedGradient) {
        let s = c.payload
        let known = seen[s.round]?[s.sender] ?? []
        guard let first = known.first(where: { $0.payload.parent == s.parent }) else {
            // At most a few parents per height (view changes); bounded against a flood.
            if known.count < 8 { seen[s.round, default: [:]][s.sender, default: []].append(c) }
            return
        }
        guard first.payload.digest != s.digest, let evidence = EquivocationEvidence(first, c),
            !pendingEvidence.contains(where: { $0.offender == s.sender })
        else { return }
        pendingEvidence.append(evidence)
    }

    // MARK: - Payloads

    /// A gradient this replica holds, as its blob (little-endian floats), by SHA-256.
    public func payload(_ digest: Digest) -> [UInt8]? { held[digest].map { GradientBlob.bytes($0.vector) } }

    /// Accepts a fetched gradient blob of the model's dimension with finite values (bounded store).
    public mutating func storePayload(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == dimension * 4, held.count < 4 * memberIDs.count + 16,
            let v = try? GradientBlob.vector(bytes), v.allSatisfy(\.isFinite)
        else { return false }
        let digest = Digest.sha256(bytes)
        guard held[digest] == nil else { return false }
        held[digest] = (v, tip.height)
        fetched += 1
        return true
    }
}
