/// The sans-IO PBFT engine, leader election, certificates, checkpoints, state transfer. Layer 3.
public enum SynodConsensusModule {}
