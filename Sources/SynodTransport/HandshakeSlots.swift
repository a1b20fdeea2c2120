import SynodCore

/// The slots of accepted connections that are still in their handshake: fair per source address,
/// with slots reserved for members.
///
/// - A new connection always gets an *anonymous* slot. If its address already holds
///   ``perAddressCapacity`` of them, that address's oldest connection is evicted; if the anonymous
///   slots are all taken (``anonymousCapacity``), the oldest connection of the address holding the
///   most is evicted. So one source can hold at most its share, and silent connections cannot keep
///   a newcomer out.
/// - Once the connection's Hello names a member, it moves to that member's reserved slots (at most
///   ``perMemberCapacity``; a newer claim evicts the oldest), which anonymous connections never
///   touch. A member dials and sends its Hello at once, so non-members flooding the anonymous
///   slots do not lock it out.
///
/// Every evicted holder is returned to the caller, which closes its connection. Pure state: no I/O.
struct HandshakeSlots<Holder> {
    /// Anonymous slots (connections that have not yet named a member).
    let anonymousCapacity: Int
    /// Anonymous slots one source address may hold.
    let perAddressCapacity: Int
    /// Reserved slots per member identity.
    let perMemberCapacity: Int

    struct Entry {
        let address: String
        let holder: Holder
    }

    private var anonymous: [UInt64: Entry] = [:]
    private var anonymousByAddress: [String: [UInt64]] = [:]
    private var reserved: [UInt64: (member: NodeID, holder: Holder)] = [:]
    private var reservedByMember: [NodeID: [UInt64]] = [:]
    private var nextTicket: UInt64 = 0

    init(anonymousCapacity: Int, perAddressCapacity: Int, perMemberCapacity: Int) {
        self.anonymousCapacity = max(1, anonymousCapacity)
        self.perAddressCapacity = max(1, perAddressCapacity)
        self.perMemberCapacity = max(1, perMemberCapacity)
    }

    /// Connections holding an anonymous slot.
    var anonymousCount: Int { anonymous.count }
    /// Connections holding a member's reserved slot.
    var reservedCount: Int { reserved.count }

    /// Gives a new connection from `address` an anonymous slot; returns its ticket and the holder
    /// evicted to make room, if any.
    mutating func admit(address: String, holder: Holder) -> (ticket: UInt64, evicted: Holder?) {
        var evicted: Holder?
        if anonymousByAddress[address, default: []].count >= perAddressCapacity {
            evicted = evictOldest(of: address)
        } else if anonymous.count >= anonymousCapacity, let heaviest = heaviestAddress() {
            evicted = evictOldest(of: heaviest)
        }
        let ticket = nextTicket
        nextTicket += 1
        anonymous[ticket] = Entry(address: address, holder: holder)
        anonymousByAddress[address, default: []].append(ticket)
        return (ticket, evicted)
    }

    /// Moves `ticket` from its anonymous slot to one reserved for `member` (its Hello named that
    /// member); returns the holder evicted from the member's slots, if any. Returns `nil` and does
    /// nothing for a ticket that is no longer anonymous (evicted or already moved).
    mutating func reserve(_ ticket: UInt64, for member: NodeID) -> Holder? {
        guard let entry = removeAnonymous(ticket) else { return nil }
        var evicted: Holder?
        if reservedByMember[member, default: []].count >= perMemberCapacity,
            let oldest = reservedByMember[member]?.first
        {
            evicted = reserved.removeValue(forKey: oldest)?.holder
            reservedByMember[member]?.removeFirst()
        }
        reserved[ticket] = (member, entry.holder)
        reservedByMember[member, default: []].append(ticket)
        return evicted
    }

    /// Frees `ticket`'s slot (handshake done, failed or timed out); a no-op if it was evicted.
    mutating func release(_ ticket: UInt64) {
        if removeAnonymous(ticket) != nil { return }
        guard let entry = reserved.removeValue(forKey: ticket) else { return }
        reservedByMember[entry.member]?.removeAll { $0 == ticket }
        if reservedByMember[entry.member]?.isEmpty == true { reservedByMember[entry.member] = nil }
    }

    /// True if `ticket` still holds a slot.
    func holds(_ ticket: UInt64) -> Bool { anonymous[ticket] != nil || reserved[ticket] != nil }

    private mutating func removeAnonymous(_ ticket: UInt64) -> Entry? {
        guard let entry = anonymous.removeValue(forKey: ticket) else { return nil }
        anonymousByAddress[entry.address]?.removeAll { $0 == ticket }
        if anonymousByAddress[entry.address]?.isEmpty == true { anonymousByAddress[entry.address] = nil }
        return entry
    }

    private mutating func evictOldest(of address: String) -> Holder? {
        guard let oldest = anonymousByAddress[address]?.first else { return nil }
        return removeAnonymous(oldest)?.holder
    }

    /// The address holding the most anonymous slots (ties: the one whose oldest ticket is oldest).
    private func heaviestAddress() -> String? {
        anonymousByAddress.max { a, b in
            a.value.count != b.value.count ? a.value.count < b.value.count : a.value[0] > b.value[0]
        }?.key
    }
}

extension HandshakeSlots: Sendable where Holder: Sendable {}
extension HandshakeSlots.Entry: Sendable where Holder: Sendable {}
