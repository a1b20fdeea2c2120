import CSynodRobustKernels

/// Which instruction set the aggregation kernels (order statistics, Weiszfeld passes) run on.
///
/// Chosen once at run time from the CPU (`CSynodRobustKernels`); the results are bit-identical on
/// every level, so this only matters for speed reports (`synod bench gar` prints it).
public enum KernelInfo {
    /// `"avx512f"`, `"avx2"` or `"portable"`.
    public static var instructionSet: String {
        switch synod_robust_best_isa() {
        case 3: "avx512f"
        case 2: "avx2"
        default: "portable"
        }
    }
}
