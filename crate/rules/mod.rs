//! The rules: one file per kind of problem, named by its id (`task_borrows_local.rs` is
//! `task-borrows-local`), each declaring a [`Rule`]: its id, its documentation (what it finds, why
//! rustc rejects it, an example, what to write instead, known problems, fix safety) and its
//! `check`. Adding a rule is adding a file and one line to [`RULES`].
//!
//! Architecture invariant: rules read facts and judgements (`crate::judge::Context`); they never
//! walk the syntax tree and never build fixes that need analysis: a finding says which fix it
//! wants ([`FixWanted`]) and the fix layer (`crate::fixes`, above this one) builds it.

use serde::{Deserialize, Serialize};

use crate::facts::SpawnSite;
use crate::items::ty::{CoroutineId, Ty};
use crate::judge::solver::Culprit;
use crate::judge::Context;
use crate::report::{Diagnostic, Label};
use crate::syntax::text::Range;

pub mod let_underscore_lock;
pub mod non_send_across_await;
pub mod non_send_capture;
pub mod non_send_output;
pub mod non_sync_shared;
pub mod syntax;
pub mod task_borrows_local;
pub mod use_after_move;

/// Every rule, in the order of the reference documentation.
pub static RULES: &[Rule] = &[
    non_send_capture::RULE,
    non_send_across_await::RULE,
    non_sync_shared::RULE,
    task_borrows_local::RULE,
    use_after_move::RULE,
    non_send_output::RULE,
    let_underscore_lock::RULE,
    syntax::RULE,
];

pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    /// Markdown with the sections `## What it finds`, `## Why rustc rejects it`, `## Example`,
    /// `## Use instead`, `## Known problems`, `## Fix safety` (a test holds every rule to them).
    pub docs: &'static str,
    /// A complete program that triggers the rule.
    pub example: &'static str,
    /// When rustc reports it (see [`Phase`]).
    pub phase: Phase,
    /// `None` for the rules the front end reports before there is anything to analyse
    /// (`syntax`: the file does not parse).
    pub check: Option<fn(&mut Context, &Subject, &mut Vec<Finding>)>,
}

/// When rustc reports a problem, which decides what else it reports in the same function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A lint, reported whatever else fails.
    Lint,
    /// A trait (type-check) error: `Send`, `Sync`.
    TypeCheck,
    /// A borrow-check error: rustc checks borrows only in bodies that type-check, so these are
    /// withheld in a function that has a `TypeCheck` error.
    BorrowCheck,
}

/// What a rule is asked about. The driver (`crate::check`) asks every rule about each subject; a
/// rule answers for the subjects it is about and ignores the others.
pub enum Subject<'s> {
    /// A value that keeps the future or closure of `site` (an index into `facts.spawns`) from
    /// being `Send`. Exactly one rule reports a culprit: the first in [`RULES`] that answers.
    Culprit { site: usize, culprit: &'s Culprit },
    /// A site that demands something of its task (a spawn call, a handler, ...), once each.
    Site(usize),
    /// The whole file, once.
    File,
}

/// A diagnostic, and the fix it wants the fix layer to build.
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub fix: FixWanted,
}

impl Finding {
    pub fn new(diagnostic: Diagnostic, fix: FixWanted) -> Finding {
        Finding { diagnostic, fix }
    }
}

/// A fix that needs analysis to build, described by what it must achieve; `crate::fixes`
/// builds it. Fixes that are plain edits a rule can write itself go into its diagnostic.
#[derive(Debug, Clone)]
pub enum FixWanted {
    None,
    /// Make the culprit's type thread-safe, or stop holding it across the await.
    Culprit {
        site: usize,
        culprit: Culprit,
    },
    /// Make the task's output type `Send`.
    Output {
        ty: Ty,
    },
    /// Add `move` to the task (cloning what the spawning code still uses).
    Move {
        site: usize,
        coroutine: CoroutineId,
    },
    /// Give the task its own copy of a captured reference.
    OwnCapturedRef {
        site: usize,
        coroutine: CoroutineId,
        binding: usize,
    },
    /// Wrap a spawned `async fn` call that borrows `owner` in an `async move` block.
    WrapCallInAsyncMove {
        site: usize,
        call: Range,
        owner: usize,
    },
    /// Clone a value for the task instead of moving it there.
    CloneIntoTask {
        site: usize,
        binding: usize,
    },
}

/// A rule's documentation, for the CLI and the page's reference section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleDoc {
    pub id: &'static str,
    pub title: &'static str,
    /// Markdown: what it finds, why rustc rejects it, an example, what to write instead, known
    /// problems, fix safety.
    pub docs: &'static str,
    /// A complete program that triggers the rule.
    pub example: &'static str,
}

pub fn rule_docs() -> Vec<RuleDoc> {
    RULES.iter().map(|r| RuleDoc { id: r.id, title: r.title, docs: r.docs, example: r.example }).collect()
}

/// The secondary label every site diagnostic carries: what the site demands, and why.
pub fn site_label(cx: &Context, site: &SpawnSite) -> Label {
    cx.label(site.callee, crate::judge::explain::requirement(site), false)
}
