import SynodRobust

/// The SynodRobust attacks a simulated Byzantine SPDL node can run, by CLI name.
public enum SPDLAttacks {
    /// The names accepted by `--attack`.
    public static let names = [
        "constant", "sign-flip", "alie", "ipm", "gaussian", "mimic", "silence", "non-finite",
    ]

    /// The attack named `name`: `constant` sets every coordinate to 1e7 (the paper's reference
    /// code); `sign-flip` sends −g (`decen_training.py`); the others follow SynodRobust's defaults.
    public static func make(_ name: String) throws(SPDLError) -> any ByzantineAttack {
        switch name {
        case "constant": ConstantAttack(value: 1e7)
        case "sign-flip": SignFlipAttack()
        case "alie": ALittleIsEnoughAttack()
        case "ipm": InnerProductManipulationAttack()
        case "gaussian": GaussianAttack(mean: 0, standardDeviation: 200)
        case "mimic": MimicAttack()
        case "silence": SilenceAttack()
        case "non-finite": NonFiniteAttack()
        default:
            throw SPDLError(
                .invalidConfiguration, "unknown attack '\(name)' (attacks: \(names.joined(separator: ", ")))")
        }
    }
}
