/// Float32 tensors and fast CPU kernels (GEMM, im2col convolution, reductions). Layer 1.
public enum SynodTensorModule {}
