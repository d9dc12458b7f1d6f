//! The rules: one file per kind of problem, each with its documentation (what it finds, why
//! rustc rejects it, an example, what to write instead). Rules read facts and judgements; they
//! do not walk the syntax tree.

use crate::fast::hash::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::judge::solver::CulpritKind;
use crate::judge::Context;
use crate::report::Diagnostic;

pub mod borrowed_local;
pub mod let_underscore_lock;
pub mod non_send_across_await;
pub mod non_send_capture;
pub mod non_send_output;
pub mod non_sync_shared;
pub mod syntax;
pub(crate) mod task;
pub mod use_after_move;

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
    vec![
        non_send_capture::DOC,
        non_send_across_await::DOC,
        non_sync_shared::DOC,
        borrowed_local::DOC,
        use_after_move::DOC,
        non_send_output::DOC,
        let_underscore_lock::DOC,
        syntax::DOC,
    ]
}

pub(crate) fn check_all(cx: &mut Context, out: &mut Vec<Diagnostic>) {
    let mut trait_errors: Vec<(usize, Diagnostic)> = Vec::new();
    let mut borrow_errors: Vec<(usize, Diagnostic)> = Vec::new();
    for si in 0..cx.facts.spawns.len() {
        let spawn = cx.facts.spawns[si].clone();
        let root = root_fn(cx, spawn.owner);
        // A task written inside a generic function is checked against that function's bounds.
        let strict = match (&spawn.task, &cx.facts.coroutines[root].kind) {
            (crate::facts::TaskArg::Coroutine(_), crate::facts::CoroutineKind::FnBody { name, .. }) => cx
                .index
                .fns
                .get(name)
                .or_else(|| cx.index.methods.get(name))
                .map(|d| {
                    d.generics
                        .iter()
                        .filter(|g| {
                            !g.send && !g.unknown_bounds && !g.future && !g.closure && !g.name.starts_with("impl#")
                        })
                        .map(|g| g.name.clone())
                        .collect()
                })
                .unwrap_or_default(),
            _ => vec![],
        };
        cx.solver.set_strict_params(strict);
        if spawn.req.send {
            if let Some(culprits) = task::culprits(cx, &spawn) {
                for c in culprits {
                    let mut d = match &c.kind {
                        CulpritKind::Capture { by_ref: true, mutable: false, .. } => {
                            non_sync_shared::diagnostic(cx, &spawn, &c)
                        }
                        CulpritKind::Capture { .. } | CulpritKind::Param { .. } | CulpritKind::Value => {
                            non_send_capture::diagnostic(cx, &spawn, &c)
                        }
                        _ => non_send_across_await::diagnostic(cx, &spawn, &c),
                    };
                    if spawn.req.primary_at_site {
                        for l in &mut d.labels {
                            l.primary = false;
                        }
                        let name = cx.slice(spawn.arg).to_string();
                        d.labels.insert(
                            0,
                            cx.label(
                                spawn.arg,
                                format!("`{name}` cannot be a handler here: its future is not `Send`"),
                                true,
                            ),
                        );
                    }
                    trait_errors.push((root, d));
                }
            }
        }
        if spawn.req.output_send {
            if let Some(d) = non_send_output::check(cx, &spawn) {
                trait_errors.push((root, d));
            }
        }
        for d in borrowed_local::check(cx, &spawn) {
            borrow_errors.push((root, d));
        }
        for d in use_after_move::check(cx, &spawn) {
            borrow_errors.push((root, d));
        }
    }
    // rustc checks borrows only in bodies that type-check: a body with a `Send` error reports
    // nothing about its borrows.
    // Edits that would write what is already there are noise in a diff.
    // A file-wide fix's edits are shared by every diagnostic that offers it (`report::Edits`):
    // look at each list once, and copy it only when it has such an edit.
    let is_noop = |e: &crate::report::Edit| {
        cx.text.slice(crate::syntax::text::Range::new(e.span.byte_start, e.span.byte_end)) == e.replacement
    };
    let mut without_noops: HashMap<usize, Option<crate::report::Edits>> = HashMap::default();
    for (_, d) in trait_errors.iter_mut().chain(borrow_errors.iter_mut()) {
        for f in &mut d.fixes {
            let kept = without_noops.entry(f.edits.shared_id()).or_insert_with(|| {
                f.edits.iter().any(is_noop).then(|| f.edits.iter().filter(|e| !is_noop(e)).cloned().collect())
            });
            if let Some(kept) = kept {
                f.edits = kept.clone();
            }
        }
        d.fixes.retain(|f| !f.edits.is_empty());
    }
    let_underscore_lock::check(cx, out);
    let failing: HashSet<usize> = trait_errors.iter().map(|(r, _)| *r).collect();
    out.extend(trait_errors.into_iter().map(|(_, d)| d));
    out.extend(borrow_errors.into_iter().filter(|(r, _)| !failing.contains(r)).map(|(_, d)| d));
}

/// The function body a coroutine is nested in.
fn root_fn(cx: &Context, mut c: usize) -> usize {
    while let Some(p) = cx.facts.coroutines[c].parent {
        c = p;
    }
    c
}
