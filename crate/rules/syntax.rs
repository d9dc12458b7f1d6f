#![doc = include_str!("docs/syntax.md")]

use super::RuleDoc;
use crate::report::{Diagnostic, Label, Severity};
use crate::syntax::text::SourceText;

pub const ID: &str = "syntax";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "The code does not parse",
    docs: include_str!("docs/syntax.md"),
    example: "#[tokio::main]\nasync fn main() {\n    let h = tokio::spawn(move async {\n        println!(\"hi\");\n    });\n    h.await.unwrap();\n}\n",
};

pub fn diagnostic(text: &SourceText, err: &syn::Error) -> Diagnostic {
    let range = text.range_of(err.span());
    let message = err.to_string();
    Diagnostic {
        rule: ID.to_string(),
        severity: Severity::Error,
        message: format!("syntax error: {message}"),
        labels: vec![Label { span: text.span(range), message, primary: true }],
        notes: vec![],
        help: vec![],
        fixes: vec![],
    }
}
