import SynodCore

extension LedgerState {
    /// The reputation given to members that join by a ``MemberRegistration`` (SPDL §4.3.1: "initially,
    /// all nodes have an identical reputation value w_i = ŵ"): the genesis parameter `reputation.initial`
    /// if it parses as a finite number, else 1.
    public var initialReputation: Double {
        if let text = parameters["reputation.initial"], let value = Double(text), value.isFinite { return value }
        return 1
    }

    /// Applies a block whose parent is the block this state belongs to: checks the header against the
    /// state (chain ID, height, non-decreasing timestamp, proposer is a member, Merkle root of the
    /// transactions), executes the transactions, checks conservation and finally that the recomputed
    /// state root equals `header.stateRoot`. Does not check the certificate or the previous hash
    /// (see ``LedgerAuditor`` and ``Ledger``). The receiver is unchanged if this throws.
    public func applying(
        _ block: Block, modules: ModuleRegistry, blobs: some BlobSource
    ) throws(LedgerError) -> LedgerState {
        let header = block.header
        let height = header.height
        guard header.chainID == chainID else {
            throw LedgerError(
                .brokenLink, height: height, field: "header.chainID",
                "chain ID '\(header.chainID)' differs from the ledger's '\(chainID)'")
        }
        guard members[header.proposer] != nil else {
            throw LedgerError(
                .brokenLink, height: height, field: "header.proposer", "proposer \(header.proposer) is not a member")
        }
        let root = Block.transactionsRoot(block.transactions)
        guard root == header.transactionsRoot else {
            throw LedgerError(
                .transactionsRootMismatch, height: height, field: "header.transactionsRoot",
                "the transactions' Merkle root is \(root.hex), the header says \(header.transactionsRoot.hex)")
        }
        let next = try executing(
            block.transactions, height: height, proposer: header.proposer, timestamp: header.timestamp,
            modules: modules, blobs: blobs)
        let stateRoot = next.root
        guard stateRoot == header.stateRoot else {
            throw LedgerError(
                .stateRootMismatch, height: height, field: "header.stateRoot",
                "replay gives state root \(stateRoot.hex), the header says \(header.stateRoot.hex)")
        }
        return next
    }

    /// Executes `transactions` as the block at `height` and returns the resulting state (whose
    /// ``root`` is the block's state root). Checks the height and timestamp and, after the last
    /// transaction, the conservation invariant.
    public func executing(
        _ transactions: [Transaction], height: UInt64, proposer: NodeID, timestamp: UInt64,
        modules: ModuleRegistry, blobs: some BlobSource
    ) throws(LedgerError) -> LedgerState {
        guard height == self.height + 1 else {
            throw LedgerError(
                .brokenLink, height: height, field: "header.height", "expected height \(self.height + 1), got \(height)"
            )
        }
        guard timestamp >= self.timestamp else {
            throw LedgerError(
                .brokenLink, height: height, field: "header.timestamp",
                "timestamp \(timestamp) is earlier than the previous block's \(self.timestamp)")
        }
        var next = self
        next.height = height
        next.timestamp = timestamp
        var minted: UInt64 = 0
        for (index, transaction) in transactions.enumerated() {
            do {
                try next.execute(
                    transaction, index: index, proposer: proposer, modules: modules, blobs: blobs, minted: &minted)
            } catch {
                throw LedgerError(
                    error.code, height: height, field: "transactions[\(index)]." + error.field, error.reason)
            }
        }
        try next.checkConservation()
        return next
    }

    private mutating func execute(
        _ transaction: Transaction, index: Int, proposer: NodeID, modules: ModuleRegistry, blobs: some BlobSource,
        minted: inout UInt64
    ) throws(LedgerError) {
        func invalid(_ field: String, _ reason: String) -> LedgerError {
            LedgerError(.invalidTransaction, height: height, field: field, reason)
        }
        switch transaction {
        case .registerMember(let registration):
            let body = registration.body
            guard body.chainID == chainID else {
                throw invalid("registerMember.chainID", "registration is for another chain")
            }
            guard body.nodeID == body.publicKey.nodeID else {
                throw invalid("registerMember.nodeID", "node ID is not SHA-256 of the public key")
            }
            guard !body.address.isEmpty else { throw invalid("registerMember.address", "empty network address") }
            guard registration.hasValidSignature else {
                throw invalid("registerMember.signature", "the registration is not signed by its key")
            }
            guard members[body.nodeID] == nil else {
                throw invalid("registerMember.publicKey", "\(body.nodeID) is already a member")
            }
            members[body.nodeID] = Member(
                publicKey: body.publicKey, address: body.address, vrfPublicKey: body.vrfPublicKey,
                reputation: initialReputation, joinedHeight: height)
            if accounts[body.nodeID] == nil { accounts[body.nodeID] = Account() }

        case .transfer(let transfer):
            let body = transfer.body
            guard body.chainID == chainID else { throw invalid("transfer.chainID", "transfer is for another chain") }
            guard transfer.hasValidSignature else { throw invalid("transfer.signature", "invalid sender signature") }
            guard body.amount > 0 else { throw invalid("transfer.amount", "amount must be positive") }
            let sender = body.from.nodeID
            var account = accounts[sender] ?? Account()
            guard body.nonce == account.nonce else {
                throw invalid("transfer.nonce", "nonce \(body.nonce), the account expects \(account.nonce)")
            }
            guard account.balance >= body.amount else {
                throw invalid("transfer.amount", "amount \(body.amount) exceeds the balance \(account.balance)")
            }
            account.balance -= body.amount
            account.nonce += 1
            accounts[sender] = account
            let (credited, overflow) = balance(of: body.to).addingReportingOverflow(body.amount)
            guard !overflow else {
                throw LedgerError(.conservationViolated, height: height, field: "transfer.to", "overflow")
            }
            accounts[body.to, default: Account()].balance = credited

        case .payload(let payload):
            let module = try modules.module(named: payload.module)
            for (blobIndex, reference) in payload.blobs.enumerated() {
                do {
                    _ = try blobs.checkedBlob(reference)
                } catch {
                    throw LedgerError(error.code, height: height, field: "payload.blobs[\(blobIndex)]", error.reason)
                }
            }
            var context = ModuleContext(
                moduleName: payload.module, height: height, proposer: proposer, timestamp: timestamp,
                transactionIndex: index, state: self, mintedInBlock: minted, blobs: blobs)
            try module.apply(payload, context: &context)
            // The module may not change anything outside its namespace except via the restricted API,
            // which cannot touch these fields.
            self = context.state
            minted = context.mintedInBlock

        case .evidence(let evidence):
            if let reason = evidence.invalidityReason() { throw invalid("evidence", reason) }
            let offender = evidence.offender.nodeID
            guard members[offender] != nil else { throw invalid("evidence.offender", "\(offender) is not a member") }
            members[offender]!.reputation = 0
            members[offender]!.penalized = true
        }
    }
}
