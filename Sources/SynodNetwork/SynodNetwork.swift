/// Transports: the deterministic simulator and (later) TCP. Layer 3.
public enum SynodNetworkModule {}
