//! The analysis pipeline: text → syntax tree → item index → body facts → judgements → rules.

use crate::facts::{mentions, walk};
use crate::items::ItemIndex;
use crate::judge::solver::Solver;
use crate::judge::Context;
use crate::report::Diagnostic;
use crate::rules;
use crate::syntax::text::SourceText;
use crate::Options;

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
