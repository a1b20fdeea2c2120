import SynodCore
import SynodLedger

extension Layer2LedgerModule {
    /// One Layer-2 action applied to a working copy of the module's context, which the module
    /// keeps only if the action succeeds within its gas limit.
    struct Move {
        let module: Layer2LedgerModule
        var context: ModuleContext
        let sender: NodeID
        let nonce: UInt64
        let payload: ProtocolPayload
        var fuel: UInt64

        var rules: Layer2Rules { module.rules }
        var height: UInt64 { context.height }

        /// Performs `action`; returns, for a segment proof, whether fraud was proven.
        mutating func perform(_ action: Layer2Transaction.Action) throws(Layer2Error) -> Bool? {
            switch action {
            case .post(let commitment, let bond):
                try post(commitment, bond: bond)
            case .challenge(let id, let interval, let bond):
                try challenge(id, interval: interval, bond: bond)
            case .bisect(let id, let challenger, let root):
                let (record, initial) = try open(id, challenger)
                var dispute = initial
                guard sender == record.operatorID, dispute.operatorToMove(rules.segmentSteps) else {
                    throw Layer2Error(.notYourTurn, field: "bisect", "only the operator answers, when asked")
                }
                try checkDeadline(dispute)
                dispute.middleRoot = root
                dispute.deadline = height + rules.responseWindow
                store(dispute, id, challenger)
            case .choose(let id, let challenger, let agree):
                var (_, dispute) = try open(id, challenger)
                guard sender == challenger, let middleRoot = dispute.middleRoot else {
                    throw Layer2Error(.notYourTurn, field: "choose", "only the challenger chooses, after a bisection")
                }
                try checkDeadline(dispute)
                let middle = dispute.middle
                if agree {
                    dispute.lower = middle
                    dispute.lowerRoot = middleRoot
                } else {
                    dispute.upper = middle
                    dispute.upperRoot = middleRoot
                }
                dispute.middleRoot = nil
                dispute.deadline = height + rules.responseWindow
                store(dispute, id, challenger)
            case .proveSegment(let id, let challenger, let data, let weights):
                return try proveSegment(id, challenger, data: data, weights: weights)
            case .timeout(let id, let challenger):
                var (record, dispute) = try open(id, challenger)
                guard height > dispute.deadline else {
                    throw Layer2Error(
                        .deadlineNotPassed, field: "timeout", "the deadline is height \(dispute.deadline)")
                }
                try settle(
                    challengerWins: dispute.operatorToMove(rules.segmentSteps), &record, &dispute, id, challenger)
            case .finalise(let id):
                var record = try openRecord(id)
                guard height > record.postedHeight + rules.challengeWindow else {
                    throw Layer2Error(
                        .notFinal, field: "finalise",
                        "the window runs to height \(record.postedHeight + rules.challengeWindow)")
                }
                guard openDisputes(id).isEmpty else {
                    throw Layer2Error(.notFinal, field: "finalise", "a dispute is open")
                }
                try pay(record.bond, to: record.operatorID)
                record.status = .finalised
                store(record: record, id)
            }
            return nil
        }

        private mutating func post(_ commitment: Layer2Commitment, bond: UInt64) throws(Layer2Error) {
            try commitment.validate(maxStepGasLimit: rules.maxStepGasLimit)
            try lock(bond, minimum: rules.minimumOperatorBond)
            let record = Layer2CommitmentRecord(
                commitment: commitment, operatorID: sender, bond: bond, postedHeight: height, status: .open)
            store(record: record, Layer2StateKeys.commitmentID(operator: sender, nonce: nonce))
        }

        private mutating func challenge(_ id: Digest, interval: UInt64, bond: UInt64) throws(Layer2Error) {
            let record = try openRecord(id)
            guard height <= record.postedHeight + rules.challengeWindow else {
                throw Layer2Error(
                    .windowClosed, field: "challenge",
                    "the window closed at height \(record.postedHeight + rules.challengeWindow)")
            }
            guard sender != record.operatorID, context.value(for: Layer2StateKeys.dispute(id, sender)) == nil else {
                throw Layer2Error(
                    .duplicateChallenge, field: "challenge", "the sender is the operator or already disputes it")
            }
            let commitment = record.commitment
            guard interval < commitment.intervalCount else {
                throw Layer2Error(
                    .badInterval, field: "challenge.interval",
                    "interval \(interval) of \(commitment.intervalCount)")
            }
            try lock(bond, minimum: rules.minimumChallengeBond)
            store(
                Layer2Dispute(
                    bond: bond, lower: commitment.stepCount(atCheckpoint: interval),
                    upper: commitment.stepCount(atCheckpoint: interval + 1),
                    lowerRoot: commitment.root(atCheckpoint: interval),
                    upperRoot: commitment.root(atCheckpoint: interval + 1), deadline: height + rules.responseWindow),
                id, sender)
        }

        private mutating func proveSegment(
            _ id: Digest, _ challenger: NodeID, data: TrainingImage, weights: TrainingImage
        ) throws(Layer2Error) -> Bool {
            var (record, dispute) = try open(id, challenger)
            guard sender == challenger || sender == record.operatorID, dispute.isSegment(rules.segmentSteps) else {
                throw Layer2Error(.notYourTurn, field: "proveSegment", "not a party, or the range is not a segment")
            }
            try checkDeadline(dispute)
            let commitment = record.commitment
            guard let reference = payload.blobs.first(where: { $0.digest == commitment.programHash }),
                let code = try? context.blob(reference)
            else {
                throw Layer2Error(
                    .missingCode, field: "proveSegment", "program \(commitment.programHash.hex) is not attached")
            }
            guard data.root == commitment.dataRoot else {
                throw Layer2Error(.wrongData, field: "proveSegment.data", "the data image is not the committed one")
            }
            guard weights.root == dispute.lowerRoot else {
                throw Layer2Error(
                    .wrongWeights, field: "proveSegment.weights",
                    "the weights are not the agreed ones after \(dispute.lower) steps")
            }
            var fraud = false
            do {
                let program = try Layer2Program(
                    code: code, function: commitment.stepFunction, stepGasLimit: commitment.stepGasLimit,
                    runtime: module.runtime)
                let dataEntries = data.dictionary
                var current = weights
                for _ in dispute.lower..<dispute.upper {
                    let step = program.step(data: dataEntries, weights: current)
                    fuel = fuel.addingSaturating(step.fuel)
                    current = try step.weights.get()
                }
                fraud = current.root != dispute.upperRoot
            } catch {
                fraud = true
            }
            try settle(challengerWins: fraud, &record, &dispute, id, challenger)
            return fraud
        }

        // MARK: Settlement and bonds

        private mutating func settle(
            challengerWins: Bool, _ record: inout Layer2CommitmentRecord, _ dispute: inout Layer2Dispute,
            _ id: Digest, _ challenger: NodeID
        ) throws(Layer2Error) {
            if challengerWins {
                dispute.status = .challengerWon
                record.status = .rejected
                try pay(dispute.bond, to: challenger)
                try slash(record.bond, winner: challenger)
                for (other, otherDispute) in openDisputes(id) where other != challenger {
                    var moot = otherDispute
                    moot.status = .moot
                    try pay(moot.bond, to: other)
                    store(moot, id, other)
                }
            } else {
                dispute.status = .operatorWon
                try slash(dispute.bond, winner: record.operatorID)
            }
            store(dispute, id, challenger)
            store(record: record, id)
        }

        /// Pays `winnerSharePercent` of `bond` from escrow to `winner` and burns the rest.
        private mutating func slash(_ bond: UInt64, winner: NodeID) throws(Layer2Error) {
            let share = bond / 100 * rules.winnerSharePercent + bond % 100 * rules.winnerSharePercent / 100
            try pay(share, to: winner)
            do { try context.burn(bond - share, from: Layer2StateKeys.escrow) } catch {
                throw Layer2Error(.insufficientBond, field: "escrow", error.reason)
            }
        }

        private mutating func pay(_ amount: UInt64, to account: NodeID) throws(Layer2Error) {
            do { try context.transfer(amount, from: Layer2StateKeys.escrow, to: account) } catch {
                throw Layer2Error(.insufficientBond, field: "escrow", error.reason)
            }
        }

        private mutating func lock(_ bond: UInt64, minimum: UInt64) throws(Layer2Error) {
            guard bond >= minimum else {
                throw Layer2Error(.insufficientBond, field: "bond", "bond \(bond) is below the minimum \(minimum)")
            }
            do { try context.transfer(bond, from: sender, to: Layer2StateKeys.escrow) } catch {
                throw Layer2Error(.insufficientBond, field: "bond", error.reason)
            }
        }

        // MARK: State access

        private func openRecord(_ id: Digest) throws(Layer2Error) -> Layer2CommitmentRecord {
            guard let bytes = context.value(for: Layer2StateKeys.commitment(id)),
                let record = try? Layer2CommitmentRecord(canonicalBytes: bytes)
            else { throw Layer2Error(.unknownCommitment, field: "commitment", "no commitment \(id.hex)") }
            guard record.status == .open else {
                throw Layer2Error(.notOpen, field: "commitment", "commitment \(id.hex) is \(record.status)")
            }
            return record
        }

        private func open(_ id: Digest, _ challenger: NodeID) throws(Layer2Error) -> (
            Layer2CommitmentRecord, Layer2Dispute
        ) {
            let record = try openRecord(id)
            guard let bytes = context.value(for: Layer2StateKeys.dispute(id, challenger)),
                let dispute = try? Layer2Dispute(canonicalBytes: bytes)
            else { throw Layer2Error(.unknownDispute, field: "challenger", "no dispute of \(challenger)") }
            guard dispute.status == .open else {
                throw Layer2Error(.notOpen, field: "challenger", "the dispute of \(challenger) is settled")
            }
            return (record, dispute)
        }

        private func checkDeadline(_ dispute: Layer2Dispute) throws(Layer2Error) {
            guard height <= dispute.deadline else {
                throw Layer2Error(.deadlinePassed, field: "deadline", "the deadline was height \(dispute.deadline)")
            }
        }

        private func openDisputes(_ id: Digest) -> [(NodeID, Layer2Dispute)] {
            let prefix = Layer2StateKeys.disputePrefix(id)
            return context.keys.filter { $0.starts(with: prefix) }.compactMap { key in
                guard let bytes = context.value(for: key), let dispute = try? Layer2Dispute(canonicalBytes: bytes),
                    dispute.status == .open
                else { return nil }
                return (NodeID(digest: Digest(bytes: Array(key.dropFirst(prefix.count)))!), dispute)
            }
        }

        private mutating func store(record: Layer2CommitmentRecord, _ id: Digest) {
            context.setValue(record.canonicalBytes, for: Layer2StateKeys.commitment(id))
        }

        private mutating func store(_ dispute: Layer2Dispute, _ id: Digest, _ challenger: NodeID) {
            context.setValue(dispute.canonicalBytes, for: Layer2StateKeys.dispute(id, challenger))
        }
    }
}
