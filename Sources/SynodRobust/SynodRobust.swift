/// Robust gradient aggregation rules, Byzantine attacks and differential privacy. Layer 2.
public enum SynodRobustModule {}
