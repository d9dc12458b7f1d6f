//! The analysis pipeline: text → syntax tree → item index → body facts → judgements → rules.

pub mod body;
pub mod edges;
pub mod explain;
pub mod facts;
pub mod held;
pub mod infer;
pub mod items;
pub mod macros;
pub mod mentions;
pub mod solver;

use crate::report::{Diagnostic, Label};
use crate::rules;
use crate::text::{Range, SourceText};
use crate::Options;
use facts::Facts;
use items::ItemIndex;
use solver::Solver;

/// Everything a rule may read.
pub struct Context<'x, 'i, 'a, 't> {
    pub text: &'t SourceText<'t>,
    pub index: &'i ItemIndex<'a>,
    pub facts: &'x Facts,
    pub solver: Solver<'x, 'i, 'a>,
    pub options: &'x Options,
    pub mentions: &'x mentions::Mentions,
    /// File-wide fixes (a type swapped everywhere) are the same for every diagnostic that
    /// offers them: built once per analysis.
    pub fix_cache: std::cell::RefCell<crate::hash::HashMap<String, Option<crate::report::Fix>>>,
    /// Which `use` items import which paths (`fixes/imports.rs`), built on first need.
    pub imported_names: std::cell::OnceCell<crate::fixes::imports::ImportedNames>,
}

impl Context<'_, '_, '_, '_> {
    pub fn label(&self, range: Range, message: impl Into<String>, primary: bool) -> Label {
        Label { span: self.text.span(range), message: message.into(), primary }
    }

    pub fn slice(&self, range: Range) -> &str {
        self.text.slice(range)
    }

    /// [`held::captures`] of coroutine `id`, computed once per analysis (kept by the solver,
    /// which asks first).
    pub fn captures(&self, id: crate::ty::CoroutineId) -> std::rc::Rc<Vec<held::Capture>> {
        self.solver.captures(id)
    }
}

pub fn run(source: &str, options: &Options) -> Vec<Diagnostic> {
    let text = SourceText::new(source);
    let mut diagnostics = match crate::limits::check(source) {
        crate::limits::Checked::Beyond(d) => vec![d(&text)],
        crate::limits::Checked::Within(tokens) => {
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
    let mut overlapping = crate::hash::HashMap::default();
    for d in &mut diagnostics {
        d.fixes.retain(|f| !*overlapping.entry(f.edits.shared_id()).or_insert_with(|| crate::fix::edits_overlap(f)));
    }
    diagnostics.sort_by_key(|d| (d.severity, d.primary().map(|l| l.span.byte_start).unwrap_or(0)));
    diagnostics.dedup();
    diagnostics
}

fn analyze_file(file: &syn::File, text: &SourceText, options: &Options) -> Vec<Diagnostic> {
    let index = ItemIndex::build(file, text);
    let mut walker = body::Walker::new(&index, text, options.edition);
    walker.walk_file();
    let mut facts = walker.facts;
    facts.finish();
    let mentions = mentions::collect(file, &index, text, &walker.macro_bodies);
    let solver = Solver::new(&facts, &index, options.edition);
    let mut cx = Context {
        text,
        index: &index,
        facts: &facts,
        solver,
        options,
        mentions: &mentions,
        fix_cache: Default::default(),
        imported_names: Default::default(),
    };
    let mut out = Vec::new();
    rules::check_all(&mut cx, &mut out);
    out
}
