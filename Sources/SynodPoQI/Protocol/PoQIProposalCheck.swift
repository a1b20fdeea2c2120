import SynodCore

/// The deterministic validity rule for a PoQI proposal (DESIGN "Consensus": validity may depend
/// only on the committed state and the proposal): every node recomputes the attempt's outcome
/// from the certified evidence the proposal carries and accepts the proposal only if the
/// primary's claims match bit for bit.
public enum PoQIProposalCheck {
    /// Validates `proposal` against `state` (the committed state), the committee's keys, the
    /// current view and the chain head, and returns the attempt it decides.
    ///
    /// Checks: height, previous hash, view, sample, primary = view mod N (eq. 1) and its
    /// signatures; the pre-prepare's ŷ_p = argmax of its vector; at least `quorum − 1` verdicts
    /// by distinct validators (not the primary), each signed, for the same sample, view, primary
    /// and pre-prepare, with vo_j consistent with its vector (eq. 3); then eqs. 3–5 recomputed
    /// (``PoQIAttempt/compute(sample:view:primary:validators:accuracies:parameters:)``) must give
    /// the proposal's accepted flag, ŷ_final and combined vector.
    public static func validate(
        _ signed: Signed<PoQIProposal>, state: PoQIState, committee: [PublicKey], view: UInt64, headHash: Digest,
        height: UInt64, classCount: Int, cache: inout SignatureCache
    ) throws(PoQIError) -> PoQIAttempt {
        let n = committee.count
        let p = signed.payload
        let primary = PrimaryElection.primary(view: view, nodeCount: n)
        guard p.height == height else {
            throw PoQIError(.invalidMessage, "proposal height \(p.height), expected \(height)")
        }
        guard p.previousHash == headHash else {
            throw PoQIError(.invalidMessage, "proposal does not extend the chain head")
        }
        guard signed.signer == committee[primary], cache.isValid(signed, domain: .poqiProposal) else {
            throw PoQIError(.invalidMessage, "proposal is not signed by primary \(primary) of view \(view)")
        }
        let pp = p.prePrepare
        guard pp.signer == committee[primary], cache.isValid(pp, domain: .poqiPrePrepare) else {
            throw PoQIError(.invalidMessage, "pre-prepare is not signed by primary \(primary)")
        }
        let pre = pp.payload
        guard pre.view == view, pre.sample == UInt64(state.sample), pre.primary == UInt32(primary) else {
            throw PoQIError(
                .invalidMessage, "pre-prepare is for sample \(pre.sample) view \(pre.view) primary \(pre.primary)")
        }
        try ValidatorDecision.validate(pre.distribution, classCount: classCount, what: "pre-prepare distribution")
        guard Int(pre.predictedClass) == ValidatorDecision.predictedClass(pre.distribution) else {
            throw PoQIError(.invalidMessage, "pre-prepare ŷ_p \(pre.predictedClass) is not the argmax of its vector")
        }
        let ppDigest = Digest.sha256(pp.payloadBytes)
        var seen = Set<Int>()
        var validators: [NodePrediction] = []
        var lastVoter = -1
        for (i, sv) in p.verdicts.enumerated() {
            let v = sv.payload
            let voter = Int(v.voter)
            guard voter > lastVoter, voter < n, voter != primary, seen.insert(voter).inserted else {
                throw PoQIError(
                    .invalidMessage, "verdict \(i): voter \(v.voter) out of order, duplicated, unknown or the primary")
            }
            lastVoter = voter
            guard sv.signer == committee[voter], cache.isValid(sv, domain: .poqiVerdict) else {
                throw PoQIError(.invalidMessage, "verdict \(i): not signed by node \(voter)")
            }
            guard v.sample == pre.sample, v.view == view, v.primary == UInt32(primary), v.prePrepareDigest == ppDigest
            else {
                throw PoQIError(.invalidMessage, "verdict \(i) by \(voter) is for another pre-prepare")
            }
            try ValidatorDecision.validate(v.distribution, classCount: classCount, what: "verdict \(i) distribution")
            let own = ValidatorDecision.predictedClass(v.distribution)
            guard v.disagrees == ValidatorDecision.disagrees(ownClass: own, primaryClass: Int(pre.predictedClass))
            else {
                throw PoQIError(.invalidMessage, "verdict \(i): vo_j contradicts the voter's own vector")
            }
            validators.append(NodePrediction(node: voter, distribution: v.distribution))
        }
        let quorum = QuorumCertificate.quorum(memberCount: n)
        guard validators.count >= quorum - 1 else {
            throw PoQIError(.invalidMessage, "\(validators.count) certified verdicts, need \(quorum - 1)")
        }
        let attempt = PoQIAttempt.compute(
            sample: state.sample, view: view, primary: NodePrediction(node: primary, distribution: pre.distribution),
            validators: validators, accuracies: state.accuracies, parameters: state.parameters)
        guard attempt.accepted == p.accepted, UInt32(attempt.finalClass) == p.finalClass,
            attempt.finalDistribution.map(\.bitPattern) == p.finalDistribution.map(\.bitPattern)
        else {
            throw PoQIError(.invalidMessage, "proposal's outcome does not follow from its certified verdicts")
        }
        return attempt
    }
}
