import SynodConsensus
import SynodCore
import SynodLedger
import SynodTestSupport
import Testing

@testable import SynodSPDL

/// Provable proposer faults (``ProposerFaultEvidence``) and the next primary's gradient set after
/// a decision without the block's extensions, driven by hand like ``SPDLApplicationTests``.
@Suite struct ProposerFaultTests {
    typealias Apps = [Adversarial<SPDLApplication>]

    /// `proposal` as replica `signer`'s signed PRE-PREPARE for `height` in `view`.
    static func prePrepare(_ proposal: SPDLBlock, height: UInt64, view: UInt64, signer: Int)
        -> Envelope<PrePrepare<SPDLBlock>>
    {
        Envelope(
            signing: PrePrepare(view: view, height: height, proposal: proposal, previousCertificate: nil),
            signer: UInt32(signer), key: SPDLApplicationTests.keys[signer], scheme: Ed25519Scheme(),
            domain: .consensusPrePrepare)
    }

    static func registered() throws -> Apps {
        var apps = try SPDLApplicationTests.apps(SPDLApplicationTests.configuration())
        let registrationProposal = apps[0].propose(ProposalContext(height: 1, view: 0, previous: nil))
        let registration = try #require(registrationProposal)
        try SPDLApplicationTests.decide(registration, height: 1, apps: &apps)
        return apps
    }

    @Test func aForgedProposalBecomesLedgerEvidenceAndExcludesItsProposer() throws {
        var apps = try Self.registered()
        // Replica 3 (Byzantine) leads view 0 at height 2 with a forged Δ.
        let forgedProposal = apps[3].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let forged = try #require(forgedProposal)
        let signed = Self.prePrepare(forged, height: 2, view: 0, signer: 3)
        for i in 0..<3 {
            guard case .reject(let reason) = apps[i].validate(forged, height: 2) else {
                Issue.record("replica \(i) accepted a forged Δ")
                continue
            }
            apps[i].receiveProposerFault(signed, fault: .invalidProposal(reason))
            #expect(apps[i].honest.pendingFaults.map(\.offender) == [apps[3].id])
        }
        // The next view's honest primary records the fault.
        let blockProposal = apps[1].propose(ProposalContext(height: 2, view: 1, previous: nil))
        let block = try #require(blockProposal)
        #expect(block.proposerFaults.map(\.offender) == [apps[3].id])
        #expect(!(block.roundRecord?.commitments.contains { $0.payload.sender == apps[3].id } ?? true))
        try SPDLApplicationTests.decide(block, height: 2, apps: &apps)
        for app in apps {
            #expect(app.reputation(of: 3) == 0)
            #expect(SPDLLedgerModule.isProvenEquivocator(apps[3].id, in: app.state))
            #expect(app.honest.pendingFaults.isEmpty)
            #expect(!(app.electionWeight(of: 3) > 0))
        }
        // Later sets exclude the proven proposer.
        let laterProposal = apps[0].propose(ProposalContext(height: 3, view: 0, previous: nil))
        let later = try #require(laterProposal)
        #expect(!(later.roundRecord?.commitments.contains { $0.payload.sender == apps[3].id } ?? true))
        try SPDLApplicationTests.decide(later, height: 3, apps: &apps)
    }

    @Test func evidenceAgainstAValidProposalIsRefused() throws {
        var apps = try Self.registered()
        let validProposal = apps[0].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let valid = try #require(validProposal)
        let signed = Self.prePrepare(valid, height: 2, view: 0, signer: 0)
        // Handing an honest PRE-PREPARE to the fault hook records nothing.
        apps[1].receiveProposerFault(signed, fault: .invalidProposal("claimed"))
        #expect(apps[1].honest.pendingFaults.isEmpty)
        // A primary that records it anyway makes a proposal every honest replica rejects.
        apps[1].honest.pendingFaults = [ProposerFaultEvidence(offender: apps[0].id, prePrepare: signed)]
        let framingProposal = apps[1].propose(ProposalContext(height: 2, view: 1, previous: nil))
        let framing = try #require(framingProposal)
        #expect(framing.proposerFaults.count == 1)
        for i in [0, 2] {
            guard case .reject(let reason) = apps[i].validate(framing, height: 2) else {
                Issue.record("replica \(i) accepted evidence against a valid proposal")
                continue
            }
            #expect(reason.contains("valid proposal"))
        }
    }

    @Test func evidenceSignedByAnotherMemberIsRefused() throws {
        var apps = try Self.registered()
        let forgedProposal = apps[3].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let forged = try #require(forgedProposal)
        let signed = Self.prePrepare(forged, height: 2, view: 0, signer: 3)
        // The same PRE-PREPARE with replica 2's signature, presented as replica 3's.
        let misattributed = Envelope(
            body: signed.body, signer: 3,
            signature: Self.prePrepare(
                forged, height: 2, view: 0, signer: 2
            ).signature)
        apps[0].receiveProposerFault(misattributed, fault: .invalidProposal("forged Δ"))
        #expect(apps[0].honest.pendingFaults.isEmpty)
        apps[0].receiveProposerFault(signed, fault: .invalidProposal("forged Δ"))
        #expect(apps[0].honest.pendingFaults.map(\.offender) == [apps[3].id])
        apps[0].honest.pendingFaults = []
        // A fault for another height is not recorded.
        let elsewhere = Self.prePrepare(forged, height: 3, view: 0, signer: 3)
        apps[0].receiveProposerFault(elsewhere, fault: .invalidProposal("height 3"))
        #expect(apps[0].honest.pendingFaults.isEmpty)
    }

    @Test func aPrimaryThatDecidedWithoutExtensionsProposesFromLateVectors() throws {
        var apps = try SPDLApplicationTests.apps(SPDLApplicationTests.configuration(byzantine: 0))
        let registrationProposal = apps[0].propose(ProposalContext(height: 1, view: 0, previous: nil))
        let registration = try #require(registrationProposal)
        // Replica 1 decides height 1 through a certificate: it holds none of its extensions.
        try SPDLApplicationTests.decide(registration, height: 1, apps: &apps, holders: [1: []])
        let early = apps[1].propose(ProposalContext(height: 2, view: 0, previous: nil))
        #expect(early == nil)
        let certificate = ChainBuilder.certificate(
            for: registration.header, signers: Array(SPDLApplicationTests.keys.prefix(3)))
        let decided = DecidedBlock(height: 1, proposal: registration, certificate: certificate)
        // Its own late gradient and the late COMMITs of two others reach it after the decision.
        let own = apps[1].extendDecided(decided)
        #expect(!own.isEmpty)
        for j in [0, 2] {
            var sender = apps[j]
            let data = sender.extendDecided(decided)
            apps[1].receiveLateExtension(data, voter: j, height: 1, digest: registration.proposalDigest)
        }
        let blockProposal = apps[1].propose(ProposalContext(height: 2, view: 0, previous: nil))
        let block = try #require(blockProposal)
        #expect(block.roundRecord?.commitments.count == 3)
        try SPDLApplicationTests.decide(block, height: 2, apps: &apps)
        #expect(Set(apps.map(\.stateDigest)).count == 1)
    }
}
