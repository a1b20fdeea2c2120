import SynodConsensus
import SynodCore
import SynodRobust

/// A Byzantine SPDL member (the configured attack; simulations: the last K members): the honest
/// ``SPDLApplication`` driven by this strategy through `Adversarial`.
///
/// - Its gradient extensions are attack vectors (``SPDLConfiguration/attack``), crafted from the
///   honest gradients of the round when the simulator's omniscient ``SPDLAttackOracle`` is given,
///   else from its own honest gradient.
/// - As primary it proposes a forged Δ (every coordinate 1e7: honest followers reject it and the
///   view changes) or, with ``SPDLConfiguration/equivocate``, a valid proposal naming a second
///   signed gradient of its own; in the simulator it also sends each receiver its own version of
///   its gradient (per-receiver equivocation).
public struct SPDLAdversary: AdversaryStrategy {
    /// The wrapped application.
    public typealias App = SPDLApplication

    let attack: any ByzantineAttack
    let oracle: SPDLAttackOracle?

    /// The strategy of the configured attack, with the simulator's oracle if any.
    public init(configuration: SPDLConfiguration, oracle: SPDLAttackOracle? = nil) throws(SPDLError) {
        attack = try SPDLAttacks.make(configuration.attack)
        self.oracle = oracle
    }

    /// Member `replica` as the engine runs it: `honest`, wrapped by the configured attack if the
    /// configuration makes it Byzantine.
    public static func member(
        _ honest: SPDLApplication, oracle: SPDLAttackOracle? = nil
    ) throws(SPDLError) -> Adversarial<SPDLApplication> {
        guard honest.isByzantine else { return Adversarial(honest) }
        return Adversarial(honest, strategy: try SPDLAdversary(configuration: honest.configuration, oracle: oracle))
    }

    public func propose(_ context: ProposalContext<SPDLBlock>, honest: inout SPDLApplication) -> SPDLBlock? {
        guard context.height == honest.tip.height + 1 else { return nil }
        if context.height == 1 { return honest.registrationBlock(view: context.view) }
        guard var inputs = honest.proposalInputs(height: context.height) else { return nil }
        let configuration = honest.configuration
        if configuration.equivocate, let mine = inputs.chosen.firstIndex(where: { $0.payload.sender == honest.id }) {
            // A second signed gradient of our own for this round, in a valid proposal.
            let other = inputs.vectors[mine].map { -$0 }
            let second = honest.sign(other, round: inputs.round, parent: honest.tip.hash)
            inputs.chosen[mine] = second.commitment
            inputs.vectors[mine] = other
            honest.hold(other, digest: second.commitment.payload.digest, height: context.height)
        }
        guard inputs.chosen.count >= configuration.minimumCommitments, var delta = honest.aggregate(inputs.vectors)
        else { return nil }
        if !configuration.equivocate { delta = delta.map { _ in 1e7 } }
        return honest.roundBlock(inputs, aggregate: delta, view: context.view)
    }

    public func extendVote(_ proposal: SPDLBlock, height: UInt64, honest: inout SPDLApplication) -> [UInt8] {
        honest.extendVote(proposal, height: height, gradient: source(honest))
    }

    public func extendDecided(_ block: DecidedBlock<SPDLBlock>, honest: inout SPDLApplication) -> [UInt8] {
        honest.extendDecided(block, gradient: source(honest))
    }

    /// With ``SPDLConfiguration/equivocate``, `receiver` gets this member's own signed gradient
    /// for round `height` − 1 on block `digest`, crafted for that receiver. Randomised attacks
    /// (`gaussian`) give every receiver a different vector, all validly signed for the same round
    /// and parent; deterministic ones give the same vector (`nil`: the COMMIT goes out unchanged).
    public func extensionForReceiver(
        _ receiver: Int, height: UInt64, digest: Digest, original: [UInt8], honest: SPDLApplication
    ) -> [UInt8]? {
        guard honest.configuration.equivocate, let speculative = honest.speculative, speculative.digest == digest,
            height >= 1, height - 1 < UInt64(honest.configuration.rounds),
            let vector = vector(round: height - 1, model: speculative.node, honest: honest, receiver: receiver),
            vector.count == honest.dimension
        else { return nil }
        return honest.sign(vector, round: height - 1, parent: digest).canonicalBytes
    }

    /// The attack as a gradient source (loss 0: the attacker does not train).
    func source(_ honest: SPDLApplication) -> SPDLGradientSource {
        { model, round in vector(round: round, model: model, honest: honest, receiver: nil).map { ($0, 0) } }
    }

    /// The attack vector for `round` at model `next`: one for everyone (`receiver` nil, the
    /// COMMIT's own extension) or crafted for one receiver (its index and random stream).
    func vector(round: UInt64, model next: SPDLNode, honest: SPDLApplication, receiver: Int?) -> [Float]? {
        let configuration = honest.configuration
        var own = next
        var gradients: [[Float]]
        if let oracle, let all = try? oracle.honestGradients(round: round, parameters: next.model.flatParameters) {
            gradients = all
        } else {
            guard let (g, _) = try? own.localGradient(round: Int(round)), let p = try? own.perturb(g, round: Int(round))
            else { return nil }
            gradients = [p]
        }
        if gradients.isEmpty { gradients = [[Float](repeating: 0, count: honest.dimension)] }
        let context = AttackContext(
            honest: gradients, totalNodes: configuration.nodeCount, byzantineCount: configuration.byzantineCount,
            receiver: receiver ?? 0,
            rng: SeededRandom(seed: configuration.seed).split(
                receiver.map { "spdl.attack.\(honest.replica).\($0)" } ?? "spdl.attack.\(honest.replica)", round))
        guard let message = try? attack.craft(context) else { return nil }
        if configuration.silentAsZero, message.vector == nil {
            // Paper §4.1: a member that sends nothing is counted as g = 0.
            return [Float](repeating: 0, count: honest.dimension)
        }
        return message.vector
    }
}
