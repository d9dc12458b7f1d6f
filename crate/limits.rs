//! Bounds that keep every analysis finite. Inputs beyond them get an `input-limit` warning
//! instead of a parse: syn, our walk and the syntax tree's destructor all recurse, and wasm has
//! a stack of about 1 MB.

use crate::report::{Diagnostic, Severity};
use crate::text::{Range, SourceText};

/// Deepest nesting of brackets, braces and parentheses we parse.
pub const MAX_NESTING: usize = 128;
/// Largest input we parse, in bytes.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// A diagnostic builder when the input is beyond the limits, or `None`.
#[allow(clippy::type_complexity)]
pub fn check(source: &str) -> Option<Box<dyn Fn(&SourceText) -> Diagnostic>> {
    if source.len() > MAX_BYTES {
        let n = source.len();
        return Some(Box::new(move |text| limit(text, Range::empty(0), format!("the file is {n} bytes; sendlens analyses files up to {MAX_BYTES} bytes"))));
    }
    let mut depth = 0usize;
    for (i, b) in source.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(Box::new(move |text| {
                        limit(text, Range::new(i, i + 1), format!("brackets nest deeper than {MAX_NESTING} levels here; sendlens does not analyse code nested this deep"))
                    }));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn limit(text: &SourceText, range: Range, message: String) -> Diagnostic {
    Diagnostic {
        rule: "input-limit".into(),
        severity: Severity::Warning,
        message: message.clone(),
        labels: vec![crate::report::Label { span: text.span(range), message: "analysis stopped here".into(), primary: true }],
        notes: vec!["rustc may well accept this program; sendlens did not check it".into()],
        help: vec![],
        fixes: vec![],
    }
}
