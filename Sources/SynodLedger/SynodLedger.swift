/// Transactions, blocks with commit certificates, deterministic state, durable storage, audit. Layer 2.
public enum SynodLedgerModule {}
