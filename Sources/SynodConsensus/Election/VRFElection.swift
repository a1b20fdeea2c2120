import SynodCore

/// SPDL Algorithm 1 (§4.3.2) in a deterministic form: the primary of a height is chosen from the
/// members with committed reputation above 0 by a seed taken from the previous decided block,
/// and proves its election with an ECVRF proof (RFC 9381, ECVRF-EDWARDS25519-SHA512-TAI) inside
/// its PRE-PREPARE.
///
/// Rule, for height h and view v (everything from committed data, so every honest replica
/// computes the same primary; see "Leader election" in `docs/consensus.md`):
/// - seed_h = SHA-256("synod/v1/election/seed" ‖ UInt64(h) ‖ digest of block h − 1), where the
///   digest is `.zero` at h = 1 — the previous block's digest is the one value every replica
///   decided identically (the paper's "seed from the previous block");
/// - eligible E_h = members whose committed election weight (the application's
///   `electionWeight(of:)`, SPDL's reputation) is > 0, in index order (SPDL: nodes with reputation 0 may not lead);
/// - the order of E_h: by SHA-256("synod/v1/election/rank" ‖ seed_h ‖ UInt32(i)), ties by index;
/// - primary(h, v) = order[v mod |E_h|]: view changes walk every eligible member once before
///   repeating, so at most f consecutive faulty primaries (Castro & Liskov §4.4 liveness);
/// - proof = ECVRF_prove(sk_primary, "synod/v1/election/vrf" ‖ seed_h ‖ UInt64(h) ‖ UInt64(v)),
///   80 bytes; followers verify it with the primary's VRF public key before accepting the
///   PRE-PREPARE (a missing, forged, other member's or other height's proof is rejected and
///   counted in `ConsensusMetrics.invalidElectionProofs`).
///
/// Deviation from Algorithm 1: there every node broadcasts its VRF value and the largest one
/// received before a wall-clock timeout δ1 wins, so the leader depends on what each node saw.
/// Here no broadcast round is needed and the seed is not chained through VRF outputs (a proof is
/// not covered by the votes, so replicas that decided a re-proposed value through different
/// PRE-PREPAREs would hold different proofs and disagree on the next leader). The cost: the
/// proposer of block h − 1 can grind the digest of its block to bias the order at height h.
///
/// Keys: one ``VRFPublicKey`` per member in canonical member order, and this replica's
/// ``VRFSecretKey`` (nil for an observer that only verifies). ``derivedSecretKey(from:)`` derives
/// a VRF key from an Ed25519 identity key through a domain-separated hash, so the two schemes
/// never share a secret (the warning in ``VRFSecretKey``).
public struct VRFElection: LeaderElection {
    /// The members' VRF public keys, in member (index) order.
    public let publicKeys: [VRFPublicKey]
    /// This replica's index (nil: verify only).
    public let index: Int?
    private let secretKey: VRFSecretKey?
    private let cache: VRFVerificationCache?

    /// Creates the rule for the replica `index` holding `secretKey` (both nil for a verifier);
    /// `publicKeys[i]` is member i's VRF key. Pass a shared `cache` to verify each proof once.
    /// Throws ``ElectionError`` (`invalidKeys`) if the index is out of range or the secret key is
    /// not member `index`'s.
    public init(
        publicKeys: [VRFPublicKey], index: Int? = nil, secretKey: VRFSecretKey? = nil,
        cache: VRFVerificationCache? = nil
    ) throws(ElectionError) {
        guard !publicKeys.isEmpty else { throw ElectionError(.invalidKeys, "no VRF public keys") }
        switch (index, secretKey) {
        case (nil, nil):
            break
        case (let index?, let secretKey?):
            guard index >= 0, index < publicKeys.count else {
                throw ElectionError(.invalidKeys, "index \(index) outside 0..<\(publicKeys.count)")
            }
            guard publicKeys[index] == secretKey.publicKey else {
                throw ElectionError(.invalidKeys, "the VRF secret key is not member \(index)'s")
            }
        default:
            throw ElectionError(.invalidKeys, "index and secret key must be given together")
        }
        self.publicKeys = publicKeys
        self.index = index
        self.secretKey = secretKey
        self.cache = cache
    }

    /// The VRF secret key derived from an Ed25519 identity key:
    /// `VRFSecretKey(seed: SHA-256("synod/v1/vrf-key" ‖ Ed25519 seed))`.
    public static func derivedSecretKey(from key: SigningKey) -> VRFSecretKey {
        let seed = Digest.sha256(parts: [Array("synod/v1/vrf-key".utf8), key.seed]).bytes
        // A 32-byte seed is always a valid VRF secret.
        return try! VRFSecretKey(seed: seed)
    }

    /// The rule for replica `index` of a group whose members' identity keys are `keys` (in
    /// member order), with VRF keys derived by ``derivedSecretKey(from:)`` — for simulations and
    /// tests where every secret is known. Nodes pass public keys they learned instead.
    public static func derived(
        from keys: [SigningKey], index: Int, cache: VRFVerificationCache? = nil
    ) throws(ElectionError) -> VRFElection {
        guard index >= 0, index < keys.count else {
            throw ElectionError(.invalidKeys, "index \(index) outside 0..<\(keys.count)")
        }
        let secrets = keys.map(derivedSecretKey(from:))
        return try VRFElection(
            publicKeys: secrets.map(\.publicKey), index: index, secretKey: secrets[index], cache: cache)
    }

    /// `"vrf"`.
    public var name: String { "vrf" }

    /// seed_h = SHA-256("synod/v1/election/seed" ‖ UInt64(h) ‖ previous digest).
    public func seed(context: ElectionContext) -> Digest {
        var encoder = CanonicalEncoder()
        encoder.encode(context.height)
        return Digest.sha256(parts: [
            Array("synod/v1/election/seed".utf8), encoder.bytes, context.previousDigest.bytes,
        ])
    }

    /// Members with committed reputation > 0, in index order (SPDL §4.3.2).
    public func eligible(context: ElectionContext) -> [Int] {
        let count = min(context.memberCount, publicKeys.count)
        return (0..<count).filter { member in
            member < context.weights.count && context.weights[member] > 0
        }
    }

    /// The eligible members in election order for the context's height: view v's primary is
    /// `ranking[v mod ranking.count]`.
    public func ranking(context: ElectionContext) -> [Int] {
        let seed = seed(context: context).bytes
        let label = Array("synod/v1/election/rank".utf8)
        let ranked = eligible(context: context).map { member -> (Digest, Int) in
            var encoder = CanonicalEncoder()
            encoder.encode(UInt32(member))
            return (Digest.sha256(parts: [label, seed, encoder.bytes]), member)
        }
        return ranked.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)
    }

    /// The primary of `view`, or −1 when no member is eligible (see ``eligibilityError(context:)``).
    public func primary(view: UInt64, context: ElectionContext) -> Int {
        let order = ranking(context: context)
        guard !order.isEmpty else { return -1 }
        return order[Int(view % UInt64(order.count))]
    }

    /// `noEligibleMember` when every member has reputation 0 at this height.
    public func eligibilityError(context: ElectionContext) -> ElectionError? {
        guard eligible(context: context).isEmpty else { return nil }
        return ElectionError(
            .noEligibleMember,
            "height \(context.height): all \(context.memberCount) members have committed reputation 0")
    }

    /// The VRF input for (height, view): "synod/v1/election/vrf" ‖ seed_h ‖ UInt64(h) ‖ UInt64(v).
    public func alpha(view: UInt64, context: ElectionContext) -> [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode(context.height)
        encoder.encode(view)
        return Array("synod/v1/election/vrf".utf8) + seed(context: context).bytes + encoder.bytes
    }

    /// The 80-byte ECVRF proof of this replica for `view`, or empty if `replica` is not this
    /// replica, it holds no secret key, or it is not the primary.
    public func proof(view: UInt64, context: ElectionContext, replica: Int) -> [UInt8] {
        guard let secretKey, replica == index, primary(view: view, context: context) == replica else { return [] }
        return secretKey.prove(alpha(view: view, context: context)).bytes
    }

    /// Whether `proof` is a valid ECVRF proof by `replica` for (height, view) and `replica` is
    /// the primary of `view` (RFC 9381 §5.3 ECVRF_verify).
    public func verify(proof: [UInt8], replica: Int, view: UInt64, context: ElectionContext) -> Bool {
        guard replica >= 0, replica < publicKeys.count, primary(view: view, context: context) == replica,
            proof.count == VRFProof.byteCount
        else { return false }
        let alpha = alpha(view: view, context: context)
        let key = publicKeys[replica]
        let check = { () -> Bool in
            guard let parsed = try? VRFProof(bytes: proof) else { return false }
            return key.verify(parsed, alpha: alpha) != nil
        }
        if let cache { return cache.result(publicKey: key.bytes, alpha: alpha, proof: proof, compute: check) }
        return check()
    }

    /// The 64-byte VRF output β of a valid proof (RFC 9381 §5.2), or nil if the proof does not
    /// verify; not used by the rule itself (see the deviation above), offered to applications.
    public func output(proof: [UInt8], replica: Int, view: UInt64, context: ElectionContext) -> [UInt8]? {
        guard verify(proof: proof, replica: replica, view: view, context: context),
            let parsed = try? VRFProof(bytes: proof)
        else { return nil }
        return parsed.beta
    }
}
