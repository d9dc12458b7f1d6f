//! The analysis pipeline: parse, index, facts, rules.

use crate::report::{Diagnostic, Label, Severity};
use crate::rules;
use crate::text::{Range, SourceText};
use crate::Options;

pub fn run(source: &str, _options: &Options) -> Vec<Diagnostic> {
    let text = SourceText::new(source);
    let diagnostics = match syn::parse_file(source) {
        Ok(_file) => Vec::new(),
        Err(err) => {
            let range = text.range_of(err.span());
            vec![Diagnostic {
                rule: rules::syntax::ID.to_string(),
                severity: Severity::Error,
                message: err.to_string(),
                labels: vec![Label { span: text.span(range), message: err.to_string(), primary: true }],
                notes: vec![],
                help: vec![],
                fixes: vec![],
            }]
        }
    };
    proc_macro2::extra::invalidate_current_thread_spans();
    let _ = Range::default();
    diagnostics
}
