//! Properties of every report, on generated input (proptest, in the normal test suite):
//! `analyze` does not panic; every span lies inside the input, on char boundaries, with UTF-16
//! offsets, lines and columns that agree with its byte offsets; every offered fix yields text
//! whose report keeps the same invariants; a second analysis gives the same report. All of it is
//! `tests/invariants::check_input`, the check the fuzzers run too.
//!
//! Inputs: the compiler-labeled fixtures mutated (slices inserted, deleted, replaced or copied
//! from elsewhere; hostile characters: right-to-left and zero-width marks, NUL, lone CR, CRLF,
//! tabs, emoji, quote and comment starters), and token soup around spawn sites. Failures are
//! shrunk by proptest and printed; a case worth keeping goes to `tests/fixtures/fuzz/`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "invariants/mod.rs"]
mod invariants;

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;
use sendlens::Edition;

fn fixtures() -> &'static [String] {
    static FIXTURES: OnceLock<Vec<String>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paths = Vec::new();
        for set in ["corpus", "extra"] {
            let dir = root.join(set).join("cases");
            paths.extend(std::fs::read_dir(&dir).expect("fixture set").flatten().map(|e| e.path()));
        }
        paths.retain(|p| p.extension().is_some_and(|x| x == "rs"));
        paths.sort();
        paths.iter().map(|p| std::fs::read_to_string(p).expect("UTF-8 fixture")).collect()
    })
}

/// Text that breaks lexers, line tables and offset conversions.
const HOSTILE: &[&str] = &[
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{200f}",
    "\0",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "😀",
    "é",
    "計",
    "\u{85}",
    "\u{2028}",
    "\"",
    "'",
    "'\"'",
    "r#\"",
    "\"#",
    "r####\"",
    "b\"",
    "/*",
    "*/",
    "//",
    "\\",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    ".await",
    "async move ",
    "move || ",
    "Rc::new(",
    "RefCell::new(",
    ".lock().unwrap()",
    "tokio::spawn(",
    "std::thread::spawn(",
    "let g = m.lock().unwrap(); x.await;",
    "'a ",
    "&",
    "*",
    "?",
    "=>",
    "#[tokio::main]",
];

/// Snaps `at` down to a char boundary of `s`.
fn floor(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert {
        at: usize,
        text: String,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Replace {
        at: usize,
        len: usize,
        text: String,
    },
    /// Copies a slice of another fixture in (a lexer state from elsewhere).
    Splice {
        at: usize,
        from: usize,
        start: usize,
        len: usize,
    },
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(HOSTILE).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => proptest::collection::vec(proptest::sample::select(HOSTILE), 1..6).prop_map(|v| v.concat()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), hostile_text()).prop_map(|(at, text)| Mutation::Insert { at, text }),
        2 => (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<usize>(), 1..20usize, hostile_text()).prop_map(|(at, len, text)| Mutation::Replace { at, len, text }),
        1 => (any::<usize>(), any::<usize>(), any::<usize>(), 1..200usize)
            .prop_map(|(at, from, start, len)| Mutation::Splice { at, from, start, len }),
    ]
}

fn apply(mut src: String, mutation: &Mutation) -> String {
    let at = |s: &str, raw: usize| floor(s, if s.is_empty() { 0 } else { raw % (s.len() + 1) });
    match mutation {
        Mutation::Insert { at: raw, text } => {
            let i = at(&src, *raw);
            src.insert_str(i, text);
        }
        Mutation::Delete { at: raw, len } => {
            let i = at(&src, *raw);
            let j = floor(&src, i + len);
            src.replace_range(i..j, "");
        }
        Mutation::Replace { at: raw, len, text } => {
            let i = at(&src, *raw);
            let j = floor(&src, i + len);
            src.replace_range(i..j, text);
        }
        Mutation::Splice { at: raw, from, start, len } => {
            let other = &fixtures()[from % fixtures().len()];
            let s = at(other, *start);
            let e = floor(other, s + len);
            let i = at(&src, *raw);
            src.insert_str(i, &other[s..e]);
        }
    }
    src
}

fn mutated_fixture() -> impl Strategy<Value = String> {
    (any::<usize>(), proptest::collection::vec(mutation(), 1..8)).prop_map(|(pick, mutations)| {
        let base = fixtures()[pick % fixtures().len()].clone();
        mutations.iter().fold(base, apply)
    })
}

/// Rust-like token soup: spawn calls, tasks, shared types, guards, awaits and brackets in any
/// order, so many programs fail to parse at odd places and some parse into odd shapes.
const TOKENS: &[&str] = &[
    "tokio::spawn(",
    "std::thread::spawn(",
    "thread::scope(|s| s.spawn(",
    "tokio::task::spawn_blocking(",
    "async move {",
    "async {",
    "move ||",
    "||",
    "{",
    "}",
    "(",
    ")",
    ";",
    ",",
    ".await",
    "?",
    "let a =",
    "let mut b =",
    "let g =",
    "a",
    "b",
    "g",
    "Rc::new(1)",
    "Arc::new(Mutex::new(0))",
    "RefCell::new(0)",
    "Cell::new(0)",
    ".clone()",
    ".lock().unwrap()",
    ".borrow_mut()",
    "drop(g);",
    "&a",
    "*g += 1;",
    "if let Some(x) = a.lock().unwrap().pop() {",
    "while let Ok(x) = rx.recv() {",
    "match a.lock().unwrap().get(0) { _ =>",
    "loop {",
    "for x in a.iter() {",
    "fn f(x: &u32) {",
    "async fn h(r: Rc<u32>) {",
    "struct S { r: Rc<u32> }",
    "impl S { async fn m(&self) {",
    "#[tokio::main] async fn main() {",
    "use std::rc::Rc;",
    "use std::sync::{Arc, Mutex};",
    "use std::cell::{Cell, RefCell};",
    "tokio::time::sleep(d).await;",
    "println!(\"{a}\");",
    "Box<dyn std::error::Error>",
    "Ok::<_, Box<dyn std::error::Error>>(())",
    "T: Send +",
    "'static",
];

fn token_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec((proptest::sample::select(TOKENS), prop_oneof![Just(" "), Just("\n"), Just("")]), 0..80)
        .prop_map(|tokens| tokens.into_iter().flat_map(|(t, sep)| [t, sep]).collect())
}

fn check_both_editions(src: &str) {
    for edition in [Edition::E2021, Edition::E2024] {
        invariants::check_input(src, edition);
    }
}

proptest! {
    #![proptest_config(Config { cases: 600, failure_persistence: None, ..Config::default() })]

    #[test]
    fn mutated_fixtures_keep_the_report_invariants(src in mutated_fixture()) {
        check_both_editions(&src);
    }

    #[test]
    fn token_soup_keeps_the_report_invariants(src in token_soup()) {
        check_both_editions(&src);
    }

    /// Any string at all, including ones that are not Rust in any way.
    #[test]
    fn arbitrary_strings_keep_the_report_invariants(src in "\\PC{0,200}") {
        check_both_editions(&src);
    }
}

/// The generators themselves: they must produce what the properties claim to cover.
#[test]
fn mutations_reach_hostile_characters_and_stay_valid_utf8() {
    let base = fixtures()[0].clone();
    let out = apply(base.clone(), &Mutation::Insert { at: 5, text: "\u{202e}\r\0".into() });
    assert!(out.contains("\u{202e}\r\0") && out.len() == base.len() + 5);
    let out = apply(base.clone(), &Mutation::Delete { at: usize::MAX, len: 10 });
    assert!(out.len() <= base.len());
    let emoji = "a😀b".to_string();
    let out = apply(emoji, &Mutation::Replace { at: 2, len: 1, text: "x".into() });
    assert!(out.starts_with('a') && out.ends_with('b'), "{out}");
    assert!(fixtures().len() > 100, "fixtures found");
}
