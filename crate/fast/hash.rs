//! The hash maps and sets of the analysis: std's, with foldhash instead of SipHash.
//!
//! Hashing names was a thirtieth of an analysis with SipHash-1-3 (callgrind, the 1,000-line
//! bench file), most of it on short identifiers, where foldhash is several times faster.
//!
//! What this gives up: SipHash with secret keys makes it impractical to craft names that
//! collide, and colliding names would make every map operation linear (a hang on a crafted
//! file). That protection never held in the browser: on `wasm32-unknown-unknown` std has no
//! source of randomness and its `RandomState` keys are the same in every run (checked: the
//! same hash of the same string in fresh instances). foldhash keeps a per-process random
//! seed where std has one (the CLI), so the native build keeps keys an attacker does not know,
//! with foldhash's weaker guarantees against crafted collisions.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
