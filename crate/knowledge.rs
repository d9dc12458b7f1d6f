//! What sendlens knows about std, tokio, futures, smol, async-std and rand.
