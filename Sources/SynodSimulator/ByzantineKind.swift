/// What a Byzantine replica does in the simulator (including Twins).
public enum ByzantineKind: String, Sendable, CaseIterable, Hashable {
    /// As primary, sends two different PRE-PREPAREs to two halves of the group.
    case equivocate
    /// Sends each PREPARE/COMMIT to half the group and a vote for another block to the rest.
    case conflictingVotes = "conflicting-votes"
    /// As primary, proposes blocks the application rejects.
    case invalidProposal = "invalid-proposal"
    /// Sends nothing.
    case silent
    /// Also re-sends old messages of its own at random.
    case replay
    /// Sends VIEW-CHANGEs with forged prepared certificates and NEW-VIEWs it may not send.
    case forgedViewChange = "forged-view-change"
    /// Also floods peers with far-ahead, duplicate and garbage-signed messages.
    case flood
    /// Two copies of the node with the same key; the network decides who hears which (Twins).
    case twins
    /// Each Byzantine replica draws one of the kinds above.
    case mixed
}
