import CSynodKernels

extension Gemm {
    /// The instruction sets this CPU can run (without changing the one in use).
    public static var selectableInstructionSets: [InstructionSet] {
        InstructionSet.allCases.filter { synod_gemm_supports($0.rawValue) != 0 }
    }
}
