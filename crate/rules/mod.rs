//! The rules: one file per kind of problem, each with its documentation.

use serde::{Deserialize, Serialize};

pub mod syntax;

/// A rule's documentation, for the CLI and the page's reference section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleDoc {
    pub id: &'static str,
    pub title: &'static str,
    /// Markdown: what it finds, why rustc rejects it, an example, what to write instead.
    pub docs: &'static str,
    /// A complete program that triggers the rule.
    pub example: &'static str,
}

pub fn rule_docs() -> Vec<RuleDoc> {
    vec![syntax::DOC]
}
