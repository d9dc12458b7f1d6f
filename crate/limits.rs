//! Bounds that keep every analysis finite. Inputs beyond them get an `input-limit` warning
//! instead of a parse: syn, our walk and the syntax tree's destructor all recurse, and wasm has
//! a stack of about 1 MB.

use crate::report::{Diagnostic, Severity};
use crate::text::{Range, SourceText};

/// Deepest nesting of brackets, braces and parentheses we parse.
pub const MAX_NESTING: usize = 128;
/// Largest input we parse, in bytes.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Most operators and method-call dots in one statement at one nesting level: `1 + 1 + …`,
/// `.f().f()…` and `else if` chains nest the syntax tree without nesting brackets.
pub const MAX_CHAIN: usize = 1500;

/// A diagnostic builder when the input is beyond the limits, or `None`.
#[allow(clippy::type_complexity)]
pub fn check(source: &str) -> Option<Box<dyn Fn(&SourceText) -> Diagnostic>> {
    if source.len() > MAX_BYTES {
        let n = source.len();
        return Some(Box::new(move |text| limit(text, Range::empty(0), format!("the file is {n} bytes; sendlens analyses files up to {MAX_BYTES} bytes"))));
    }
    // A rough lexer: strings and comments are skipped so their contents do not count.
    let bytes = source.as_bytes();
    let mut chain: Vec<usize> = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                chain.push(0);
                if chain.len() > MAX_NESTING {
                    let at = i;
                    return Some(Box::new(move |text| {
                        limit(text, Range::new(at, at + 1), format!("brackets nest deeper than {MAX_NESTING} levels here; sendlens does not analyse code nested this deep"))
                    }));
                }
            }
            b')' | b']' | b'}' => {
                if chain.len() > 1 {
                    chain.pop();
                }
            }
            b';' | b',' => {
                if let Some(c) = chain.last_mut() {
                    *c = 0;
                }
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'!' | b'<' | b'>' | b'=' | b'.' => {
                let c = chain.last_mut().expect("never empty");
                *c += 1;
                if *c > MAX_CHAIN {
                    let at = i;
                    return Some(Box::new(move |text| {
                        limit(text, Range::new(at, at + 1), format!("more than {MAX_CHAIN} operators chain up in one expression here; sendlens does not analyse expressions this long"))
                    }));
                }
            }
            b'e' | b'a' if source.is_char_boundary(i) && (source[i..].starts_with("else") || source[i..].starts_with("as ")) => {
                let c = chain.last_mut().expect("never empty");
                *c += 1;
                if *c > MAX_CHAIN {
                    let at = i;
                    return Some(Box::new(move |text| {
                        limit(text, Range::new(at, at + 1), format!("more than {MAX_CHAIN} `else` or `as` chain up in one expression here; sendlens does not analyse expressions this long"))
                    }));
                }
            }
            _ => {}
        }
        i += 1;
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
