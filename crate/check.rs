//! The driver: runs the layers in their order — text → syntax tree → item index → facts →
//! judgement → rules → fixes → report — and owns what crosses them: the judgement's
//! [`Context`], the fix layer's caches, and the one pass over the findings (which errors rustc
//! would report together, edits that change nothing, overlapping fixes, the order).

use crate::facts::{mentions, walk, CoroutineKind, SpawnSite, TaskArg};
use crate::fast::hash::{HashMap, HashSet};
use crate::fixes::{self, FixCaches};
use crate::items::ItemIndex;
use crate::judge::solver::Solver;
use crate::judge::{site, Context};
use crate::options::Options;
use crate::report::{Diagnostic, Edit, Edits};
use crate::rules::{self, Finding, Phase, Rule, Subject, RULES};
use crate::syntax::text::{Range, SourceText};

pub fn run(source: &str, options: &Options) -> Vec<Diagnostic> {
    let text = SourceText::new(source);
    let mut diagnostics = match crate::syntax::limits::check(source) {
        crate::syntax::limits::Checked::Beyond(d) => vec![d(&text)],
        crate::syntax::limits::Checked::Within(tokens) => {
            let parsed = match tokens {
                Some(tokens) => syn::parse2::<syn::File>(tokens),
                None => syn::parse_file(source),
            };
            match parsed {
                Ok(file) => analyze_file(&file, &text, options),
                Err(err) => vec![rules::syntax::diagnostic(&text, &err)],
            }
        }
    };
    // proc-macro2 keeps every parsed source in a thread-local map; a long-lived caller (the
    // page's worker) must not grow with each analysis.
    proc_macro2::extra::invalidate_current_thread_spans();
    // Fixes that share their edits (`report::Edits`) are checked once.
    let mut overlapping = crate::fast::hash::HashMap::default();
    for d in &mut diagnostics {
        d.fixes.retain(|f| {
            !*overlapping.entry(f.edits.shared_id()).or_insert_with(|| crate::report::apply::edits_overlap(f))
        });
    }
    diagnostics.sort_by_key(|d| (d.severity, d.primary().map(|l| l.span.byte_start).unwrap_or(0)));
    diagnostics.dedup();
    diagnostics
}

fn analyze_file(file: &syn::File, text: &SourceText, options: &Options) -> Vec<Diagnostic> {
    let index = ItemIndex::build(file, text);
    let mut walker = walk::Walker::new(&index, text, options.edition);
    walker.walk_file();
    let mut facts = walker.facts;
    facts.finish();
    let mentions = mentions::collect(file, &index, text, &walker.macro_bodies);
    let solver = Solver::new(&facts, &index, options.edition);
    let mut cx = Context { text, index: &index, facts: &facts, solver, options, mentions: &mentions };
    let caches = FixCaches::default();
    let mut findings = Findings::default();
    for site in 0..facts.spawns.len() {
        let spawn = &facts.spawns[site];
        let root = facts.root_of(spawn.owner);
        // A task written inside a generic function is checked against that function's bounds.
        cx.solver.set_strict_params(strict_params(&cx, site, root));
        if spawn.req.send {
            if let Some(culprits) = site::culprits(&mut cx, spawn) {
                for culprit in &culprits {
                    let subject = Subject::Culprit { site, culprit };
                    // Exactly one rule reports a culprit: the first that answers.
                    for rule in RULES {
                        let mut out = vec![];
                        ask(rule, &mut cx, &subject, &mut out);
                        if !out.is_empty() {
                            for f in out {
                                let mut d = with_fixes(&mut cx, &caches, f);
                                if spawn.req.primary_at_site {
                                    point_at_site(&cx, spawn, &mut d);
                                }
                                findings.push(rule.phase, root, d);
                            }
                            break;
                        }
                    }
                }
            }
        }
        for rule in RULES {
            let mut out = vec![];
            ask(rule, &mut cx, &Subject::Site(site), &mut out);
            for f in out {
                let d = with_fixes(&mut cx, &caches, f);
                findings.push(rule.phase, root, d);
            }
        }
    }
    for rule in RULES {
        let mut out = vec![];
        ask(rule, &mut cx, &Subject::File, &mut out);
        for f in out {
            let d = with_fixes(&mut cx, &caches, f);
            findings.push(rule.phase, 0, d);
        }
    }
    findings.finish(text)
}

fn ask(rule: &Rule, cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    if let Some(check) = rule.check {
        check(cx, subject, out);
    }
}

fn with_fixes(cx: &mut Context, caches: &FixCaches, finding: Finding) -> Diagnostic {
    let mut d = finding.diagnostic;
    d.fixes.extend(fixes::build(cx, caches, &finding.fix));
    d
}

/// The generic parameters of the function around a task whose bounds do not promise `Send`.
fn strict_params(cx: &Context, site: usize, root: usize) -> Vec<String> {
    let spawn = &cx.facts.spawns[site];
    match (&spawn.task, &cx.facts.coroutines[root].kind) {
        (TaskArg::Coroutine(_), CoroutineKind::FnBody { name, .. }) => cx
            .index
            .fns
            .get(name)
            .or_else(|| cx.index.methods.get(name))
            .map(|d| {
                d.generics
                    .iter()
                    .filter(|g| !g.send && !g.unknown_bounds && !g.future && !g.closure && !g.name.starts_with("impl#"))
                    .map(|g| g.name.clone())
                    .collect()
            })
            .unwrap_or_default(),
        _ => vec![],
    }
}

/// axum's `MethodRouter` chains: rustc's error points only at the registration, so the primary
/// label goes there too and the culprit's becomes secondary.
fn point_at_site(cx: &Context, spawn: &SpawnSite, d: &mut Diagnostic) {
    for l in &mut d.labels {
        l.primary = false;
    }
    let name = cx.slice(spawn.arg).to_string();
    d.labels
        .insert(0, cx.label(spawn.arg, format!("`{name}` cannot be a handler here: its future is not `Send`"), true));
}

/// Findings by phase, with the function each belongs to.
#[derive(Default)]
struct Findings {
    lints: Vec<Diagnostic>,
    type_errors: Vec<(usize, Diagnostic)>,
    borrow_errors: Vec<(usize, Diagnostic)>,
}

impl Findings {
    fn push(&mut self, phase: Phase, root: usize, d: Diagnostic) {
        match phase {
            Phase::Lint => self.lints.push(d),
            Phase::TypeCheck => self.type_errors.push((root, d)),
            Phase::BorrowCheck => self.borrow_errors.push((root, d)),
        }
    }

    fn finish(self, text: &SourceText) -> Vec<Diagnostic> {
        let Findings { lints, mut type_errors, mut borrow_errors } = self;
        // Edits that would write what is already there are noise in a diff. A file-wide fix's
        // edits are shared by every diagnostic that offers it (`report::Edits`): look at each
        // list once, and copy it only when it has such an edit.
        let is_noop = |e: &Edit| text.slice(Range::new(e.span.byte_start, e.span.byte_end)) == e.replacement;
        let mut without_noops: HashMap<usize, Option<Edits>> = HashMap::default();
        for (_, d) in type_errors.iter_mut().chain(borrow_errors.iter_mut()) {
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
        // rustc checks borrows only in bodies that type-check: a body with a `Send` error reports
        // nothing about its borrows.
        let failing: HashSet<usize> = type_errors.iter().map(|(r, _)| *r).collect();
        let mut out = lints;
        out.extend(type_errors.into_iter().map(|(_, d)| d));
        out.extend(borrow_errors.into_iter().filter(|(r, _)| !failing.contains(r)).map(|(_, d)| d));
        out
    }
}
