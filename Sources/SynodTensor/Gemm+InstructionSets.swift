import CSynodKernels

extension Gemm {
    /// The instruction sets this CPU can run (each can be passed to `multiply`).
    public static var selectableInstructionSets: [InstructionSet] {
        InstructionSet.allCases.filter { synod_gemm_supports($0.rawValue) != 0 }
    }
}
