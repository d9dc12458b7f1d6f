//! Inputs that would overflow the stack of the parser, the walk or the tree's destructor get a
//! clear `input-limit` warning instead (native and wasm alike; wasm has about 1 MB of stack).
#![cfg(not(target_arch = "wasm32"))]

use sendlens::{analyze, Options, Severity};

fn limited(src: &str) -> bool {
    let report = analyze(src, &Options::default());
    report.diagnostics.iter().any(|d| d.rule == "input-limit" && d.severity == Severity::Warning)
}

#[test]
fn long_operator_chains_are_refused_with_a_warning() {
    let sum = format!("fn main() {{ let x = {}; }}", vec!["1"; 100_000].join("+"));
    assert!(limited(&sum));
    let calls = format!("fn main() {{ let x = a{}; }}", ".f()".repeat(100_000));
    assert!(limited(&calls));
    let elses = format!("fn main() {{ if a {{}} {} }}", "else if a {} ".repeat(100_000));
    assert!(limited(&elses));
}

#[test]
fn deep_nesting_is_refused_with_a_warning() {
    let parens = format!("fn main() {{ let x = {}1{}; }}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(limited(&parens));
    let blocks = format!("fn main() {}{}", "{".repeat(100_000), "}".repeat(100_000));
    assert!(limited(&blocks));
}

#[test]
fn ordinary_long_code_is_analysed() {
    // Many statements and a long string full of operator characters are not chains.
    let body = "let x = 1 + 2 * 3;\n".repeat(5_000);
    let src = format!("fn main() {{\n{body}let s = \"{}\";\n}}", "+-*/".repeat(10_000));
    assert!(!limited(&src));
}
