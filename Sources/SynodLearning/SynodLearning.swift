/// Layers, models, losses, optimizers, data sets (IDX), partitioning, .npy and safetensors. Layer 2.
public enum SynodLearningModule {}
