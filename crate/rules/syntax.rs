//! `syntax`: the text does not parse. Reported by the front end (`crate::check`), before there
//! is anything to analyse.

use super::{Phase, Rule};
use crate::report::{Diagnostic, Label, Severity};
use crate::syntax::text::SourceText;

pub const RULE: Rule = Rule {
    id: "syntax",
    title: "The code does not parse",
    docs: r#"## What it finds
Text that does not parse as a Rust file.

## Why rustc rejects it
The compiler stops at the first syntax error; nothing else can be checked until it is fixed.

## Example
```rust,ignore
let h = tokio::spawn(move async { work().await });
```

## Use instead
```rust,ignore
let h = tokio::spawn(async move { work().await });
```

## Known problems
The message is the parser's (`syn`'s), not rustc's, and only the first error is reported; an
item that parses is not analysed while another does not.

## Fix safety
No fixes.
"#,
    example: "#[tokio::main]\nasync fn main() {\n    let h = tokio::spawn(move async {\n        println!(\"hi\");\n    });\n    h.await.unwrap();\n}\n",
    phase: Phase::TypeCheck,
    check: None,
};

pub fn diagnostic(text: &SourceText, err: &syn::Error) -> Diagnostic {
    let range = text.range_of(err.span());
    let message = err.to_string();
    Diagnostic {
        rule: RULE.id.to_string(),
        severity: Severity::Error,
        message: format!("syntax error: {message}"),
        labels: vec![Label { span: text.span(range), message, primary: true }],
        notes: vec![],
        help: vec![],
        fixes: vec![],
    }
}
