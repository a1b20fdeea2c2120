import SynodConsensus
import SynodCore
import SynodTestSupport
import Testing

@Suite struct VRFElectionTests {
    static func keys(_ count: Int, seed: UInt64 = 7) -> [SigningKey] {
        TestKeys.signing(count, seed: seed).sorted { $0.publicKey < $1.publicKey }
    }

    static func context(height: UInt64, previous: Digest, reputations: [Double]) -> ElectionContext {
        ElectionContext(
            memberCount: reputations.count, height: height, previousDigest: previous, previousProof: [],
            weights: reputations)
    }

    @Test func everyReplicaComputesTheSamePrimaryAndAcceptsItsProof() throws {
        let keys = Self.keys(7)
        let elections = try (0..<7).map { try VRFElection.derived(from: keys, index: $0) }
        var random = SeededRandom(seed: 3)
        var primaries: Set<Int> = []
        for height in UInt64(1)...4 {
            var previous = [UInt8](repeating: 0, count: 32)
            random.fill(&previous)
            let context = Self.context(
                height: height, previous: Digest.sha256(previous), reputations: Array(repeating: 1, count: 7))
            for view in UInt64(0)..<2 {
                let primary = elections[0].primary(view: view, context: context)
                primaries.insert(primary)
                for election in elections { #expect(election.primary(view: view, context: context) == primary) }
                let proof = elections[primary].proof(view: view, context: context, replica: primary)
                #expect(proof.count == 80)
                for election in elections {
                    #expect(election.verify(proof: proof, replica: primary, view: view, context: context))
                }
                // A replica that is not the primary gets no proof to offer.
                let other = (primary + 1) % 7
                #expect(elections[other].proof(view: view, context: context, replica: other).isEmpty)
            }
        }
        // The seed moves the primary around (not a fixed replica).
        #expect(primaries.count >= 3)
    }

    @Test func forgedForeignAndReplayedProofsAreRejected() throws {
        let keys = Self.keys(4)
        let elections = try (0..<4).map { try VRFElection.derived(from: keys, index: $0) }
        let reputations = [Double](repeating: 1, count: 4)
        let context = Self.context(height: 5, previous: Digest.sha256([1, 2, 3]), reputations: reputations)
        let primary = elections[0].primary(view: 0, context: context)
        let proof = elections[primary].proof(view: 0, context: context, replica: primary)
        let verifier = elections[(primary + 1) % 4]
        #expect(verifier.verify(proof: proof, replica: primary, view: 0, context: context))
        // Missing, truncated, bit-flipped.
        #expect(!verifier.verify(proof: [], replica: primary, view: 0, context: context))
        #expect(!verifier.verify(proof: Array(proof.prefix(79)), replica: primary, view: 0, context: context))
        for position in [0, 40, 60] {
            var forged = proof
            forged[position] ^= 1
            #expect(!verifier.verify(proof: forged, replica: primary, view: 0, context: context))
        }
        // Another member's valid VRF proof on the same input.
        let other = (primary + 2) % 4
        let foreign = VRFElection.derivedSecretKey(from: keys[other]).prove(verifier.alpha(view: 0, context: context))
        #expect(!verifier.verify(proof: foreign.bytes, replica: primary, view: 0, context: context))
        #expect(!verifier.verify(proof: foreign.bytes, replica: other, view: 0, context: context))
        // The primary's proof replayed at another height, another previous block, another view.
        let nextHeight = Self.context(height: 6, previous: Digest.sha256([1, 2, 3]), reputations: reputations)
        let otherBlock = Self.context(height: 5, previous: Digest.sha256([9]), reputations: reputations)
        for replayed in [nextHeight, otherBlock] {
            let p = verifier.primary(view: 0, context: replayed)
            #expect(!verifier.verify(proof: proof, replica: p, view: 0, context: replayed))
        }
        let view4Primary = verifier.primary(view: 4, context: context)
        #expect(view4Primary == primary)  // 4 views later the order comes back to it…
        #expect(!verifier.verify(proof: proof, replica: primary, view: 4, context: context))  // …with a new proof
    }

    @Test func reputationZeroMembersNeverLeadAndViewsWalkTheEligibleOrder() throws {
        let keys = Self.keys(10)
        let election = try VRFElection.derived(from: keys, index: 0)
        let reputations: [Double] = [1, 0, 0.5, 0, 1, 1, 0, 0.2, 1, .nan]
        let eligible = [0, 2, 4, 5, 7, 8]
        for height in UInt64(1)...20 {
            let context = Self.context(
                height: height, previous: Digest.sha256([UInt8(height)]), reputations: reputations)
            #expect(election.eligible(context: context) == eligible)
            let walk = (UInt64(0)..<UInt64(eligible.count)).map { election.primary(view: $0, context: context) }
            #expect(walk.sorted() == eligible)  // every eligible member once per |E| views
            #expect(walk == election.ranking(context: context))
            for view in UInt64(0)..<30 {
                #expect(eligible.contains(election.primary(view: view, context: context)))
            }
            #expect(election.eligibilityError(context: context) == nil)
        }
        let none = Self.context(height: 3, previous: .zero, reputations: Array(repeating: 0, count: 10))
        #expect(election.primary(view: 0, context: none) == -1)
        #expect(election.eligibilityError(context: none)?.code == .noEligibleMember)
        #expect(election.proof(view: 0, context: none, replica: 0).isEmpty)
    }

    @Test func keysAreChecked() throws {
        let keys = Self.keys(4)
        let secrets = keys.map(VRFElection.derivedSecretKey(from:))
        #expect(throws: ElectionError(.invalidKeys, "")) {
            try VRFElection(publicKeys: secrets.map(\.publicKey), index: 1, secretKey: secrets[2])
        }
        #expect(throws: ElectionError(.invalidKeys, "")) {
            try VRFElection(publicKeys: secrets.map(\.publicKey), index: 4, secretKey: secrets[0])
        }
        #expect(throws: ElectionError(.invalidKeys, "")) { try VRFElection(publicKeys: [], index: nil) }
        // The VRF key is not the identity key's seed reused.
        #expect(secrets[0].seed != keys[0].seed)
        let observer = try VRFElection(publicKeys: secrets.map(\.publicKey))
        let context = Self.context(height: 1, previous: .zero, reputations: [1, 1, 1, 1])
        #expect(observer.proof(view: 0, context: context, replica: 0).isEmpty)
    }
}
