import SynodCore

/// SPDL Algorithm 1 (paper §4.3.2): VRF leader election weighted by reputation eligibility.
///
/// The seed of round t is SHA-256 over "spdl/leader", the hash of the previous block and t (the
/// paper leaves the seed open; chaining it to the last block makes it unpredictable before that
/// block commits). Every member with r > 0 proves on the seed; the leader is the eligible member
/// with the largest VRF output h (ties, probability 2⁻²⁵⁶, broken by the smaller node ID instead of
/// the paper's re-run). Members with r = 0 are excluded (paper: "a node with a zero reputation value
/// has no right of being a leader"). The paper's election timeout δ₁ becomes the set of tickets a
/// replica has received; the proposal carries the leader's proof so followers check it.
public enum SPDLLeaderElection {
    /// The VRF input α of a round.
    public static func seed(previousHash: Digest, round: UInt64) -> [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode("spdl/leader")
        previousHash.encode(to: &encoder)
        encoder.encode(round)
        return Digest.sha256(encoder.bytes).bytes
    }

    /// A node's ticket.
    public static func ticket(node: NodeID, key: VRFSecretKey, previousHash: Digest, round: UInt64) -> LeaderTicket {
        LeaderTicket(node: node, proof: key.prove(seed(previousHash: previousHash, round: round)))
    }

    /// The verified VRF output of `ticket`, or `nil` if the node is not an eligible member or the
    /// proof does not verify.
    public static func output(
        of ticket: LeaderTicket, members: [SPDLMember], previousHash: Digest, round: UInt64
    ) -> [UInt8]? {
        guard let member = members.first(where: { $0.id == ticket.node }), member.reputation > 0,
            let vrf = member.vrfPublicKey
        else { return nil }
        return vrf.verify(ticket.proof, alpha: seed(previousHash: previousHash, round: round))
    }

    /// The winner among `tickets` (Algorithm 1 line 8: the largest h with r > 0); invalid tickets
    /// are ignored. `nil` if no ticket is valid.
    public static func winner(
        tickets: [LeaderTicket], members: [SPDLMember], previousHash: Digest, round: UInt64
    ) -> LeaderTicket? {
        var best: (ticket: LeaderTicket, h: [UInt8])?
        for ticket in tickets {
            guard let h = output(of: ticket, members: members, previousHash: previousHash, round: round) else {
                continue
            }
            if let current = best {
                let larger = h.lexicographicallyPrecedes(current.h) == false && h != current.h
                if larger || (h == current.h && ticket.node < current.ticket.node) { best = (ticket, h) }
            } else {
                best = (ticket, h)
            }
        }
        return best?.ticket
    }
}
