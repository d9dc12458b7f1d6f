//! Shims that exist only for speed or size: each replaces a well-kept library call that measured
//! slow on the analysis's hot paths (the figures are in `docs/PERFORMANCE.md`). Measured; keep the
//! bench (`cargo bench --bench analyze`, `cargo xtask bench`) and the tests that pin each shim to
//! the library it replaces, and remove a shim when the library catches up.
//!
//! - `edges`: a syntax node's byte range from its first and last token, instead of printing it.
//! - `punctuated`: syn's `Punctuated::iter`/`first`/`last` without their boxed iterator.
//! - `hash`: foldhash instead of SipHash for the analysis's maps.
//! - `sort`: a heapsort of packed keys (std's sorts cost wasm size).
//! - `simple_expr`: macro arguments of the simplest shapes built without syn's expression parser.

pub mod edges;
pub mod hash;
pub mod punctuated;
