//! sendlens: explains why async Rust fails `Send`, `Sync` or `'static` at a spawn site, and how
//! to fix it.
//!
//! One pure entry point, [`analyze`]: `&str` in, [`Analysis`] out. Around it sit thin faces: the
//! CLI (`crate/main.rs`, the only code that knows about terminals and files) and the wasm API
//! (`crate/wasm.rs`, the only code that knows about JavaScript).
//!
//! # Architecture invariants
//! - The analysis does no I/O, keeps no global state and never panics or fails on any input: a
//!   parse error is a `syntax` diagnostic, an input too large or too deep an `input-limit` warning.
//! - Data flows one way: text → syntax tree → item index → per-body facts (bindings, types,
//!   uses, awaits, coroutines) → spawn sites → trait judgements → rules → report. Rules read facts;
//!   they do not walk the syntax tree.
//! - What the analyzer does not know (a type, a macro, a spawn function) it does not judge: an
//!   unknown answer never produces an error. A false alarm on code rustc accepts is the worst
//!   defect this tool can have.
//! - Offsets are UTF-8 bytes inside Rust; UTF-16 units are added only when a span is reported.

mod check;
mod facts;
mod fast;
mod fixes;
mod items;
mod judge;
mod knowledge;
mod options;
pub mod report;
pub mod rules;
pub mod rustc_output;
mod syntax;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use options::{Edition, Options};
pub use report::apply::apply_fix;
pub use report::{Analysis, Applicability, Diagnostic, Edit, Edits, Fix, Label, Severity, Span, VERSION};
pub use rules::{rule_docs, RuleDoc};

/// Analyzes one Rust source file. Pure: the same text and options always give the same report.
pub fn analyze(source: &str, options: &Options) -> Analysis {
    let diagnostics = check::run(source, options);
    Analysis { version: VERSION.to_string(), diagnostics }
}
