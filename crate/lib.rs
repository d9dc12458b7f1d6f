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

mod analysis;
mod fix;
mod fixes;
mod hash;
mod knowledge;
mod limits;
mod punctuated;
pub mod report;
pub mod rules;
pub mod rustc_output;
mod text;
mod ty;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use fix::apply_fix;
pub use report::{Analysis, Applicability, Diagnostic, Edit, Edits, Fix, Label, Severity, Span, VERSION};
pub use rules::{rule_docs, RuleDoc};

use serde::{Deserialize, Serialize};

/// The Rust edition the code is checked for. Temporary-scope rules differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Edition {
    #[default]
    #[serde(rename = "2021")]
    E2021,
    #[serde(rename = "2024")]
    E2024,
}

impl Edition {
    pub fn parse(s: &str) -> Option<Edition> {
        match s.trim() {
            "2021" => Some(Edition::E2021),
            "2024" => Some(Edition::E2024),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2021 => "2021",
            Edition::E2024 => "2024",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    pub edition: Edition,
}

/// Analyzes one Rust source file. Pure: the same text and options always give the same report.
pub fn analyze(source: &str, options: &Options) -> Analysis {
    let diagnostics = analysis::run(source, options);
    Analysis { version: VERSION.to_string(), diagnostics }
}
