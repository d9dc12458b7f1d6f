//! Hostile input, each shape with its documented outcome (README "Hostile input and fuzzing"):
//! inputs that would overflow the stack of the parser, the walk or the tree's destructor get an
//! `input-limit` warning; everything else is analysed, with a report that keeps the invariants
//! (`tests/invariants`). Also replays every input the fuzzers found (`tests/fixtures/fuzz/`).
//!
//! The analyses run on a thread with the CLI's stack (8 MB, the main thread's on Linux): the
//! limits are set for wasm's release build, and an unoptimized test build needs larger frames.
#![cfg(not(target_arch = "wasm32"))]

#[path = "invariants/mod.rs"]
mod invariants;

use std::path::Path;
use std::time::Instant;

use sendlens::{analyze, Analysis, Edition, Options, Severity};

const STACK: usize = 8 << 20;

/// Runs `f` on a thread with the CLI's stack.
fn on_cli_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(STACK).spawn(f).expect("spawn").join().expect("no panic")
}

/// Analyses `src` (2021) and checks every invariant, the fixes' results included. Inputs over
/// 200 KB get one analysis and the span checks only, so the suite stays quick in debug builds
/// (re-analysing a megabyte once per fix is the fuzzers' and the property tests' job at small
/// sizes).
fn checked(src: String) -> Analysis {
    on_cli_stack(move || {
        if src.len() <= 200_000 {
            return invariants::check_input(&src, Edition::E2021);
        }
        let report = analyze(&src, &Options::default());
        let found = invariants::violations(&src, &report);
        assert!(found.is_empty(), "report invariants broken:\n{}", found.join("\n"));
        report
    })
}

fn limit_warning(report: &Analysis) -> Option<&sendlens::Diagnostic> {
    report.diagnostics.iter().find(|d| d.rule == "input-limit")
}

/// The input is refused with exactly one diagnostic: an `input-limit` warning (never an error:
/// rustc may accept the program) whose label points into the text.
fn assert_refused(what: &str, src: String) {
    let len = src.len();
    let report = checked(src);
    assert_eq!(report.diagnostics.len(), 1, "{what}: {:?}", report.diagnostics);
    let d = limit_warning(&report).unwrap_or_else(|| panic!("{what}: no input-limit: {:?}", report.diagnostics));
    assert_eq!(d.severity, Severity::Warning, "{what}");
    assert!(d.labels[0].span.byte_start < len.max(1), "{what}");
}

fn assert_analysed(what: &str, src: String) -> Analysis {
    let report = checked(src);
    assert!(limit_warning(&report).is_none(), "{what}: refused: {:?}", report.diagnostics);
    report
}

fn in_fn(body: &str) -> String {
    format!("use std::rc::Rc;\nasync fn main() {{\n    let x = {body};\n}}\n")
}

const CLASSIC: &str = "use std::cell::RefCell;\nuse std::rc::Rc;\n#[tokio::main]\nasync fn main() {\n    let counter = Rc::new(RefCell::new(0));\n    let handle = tokio::spawn(async move {\n        *counter.borrow_mut() += 1;\n    });\n    handle.await.unwrap();\n}\n";

fn error_rules(report: &Analysis) -> Vec<&str> {
    report.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.rule.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Inputs the fuzzers found.

#[test]
fn every_fuzz_finding_is_handled_in_both_editions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("tests/fixtures/fuzz").flatten().map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|x| x == "rs"));
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let src = std::fs::read_to_string(&path).expect("UTF-8 fixture");
        for edition in [Edition::E2021, Edition::E2024] {
            let src = src.clone();
            let result = std::thread::Builder::new()
                .stack_size(STACK)
                .spawn(move || invariants::check_input(&src, edition))
                .expect("spawn")
                .join();
            assert!(result.is_ok(), "{} ({edition:?}) fails (message above)", path.display());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Nesting and chains: refused beyond the limit.

#[test]
fn deep_nesting_is_refused_with_a_warning() {
    let n = 100_000;
    assert_refused("parens", in_fn(&format!("{}1{}", "(".repeat(n), ")".repeat(n))));
    assert_refused("blocks", format!("fn main() {}{}", "{".repeat(n), "}".repeat(n)));
    assert_refused("brackets", in_fn(&format!("{}1{}", "[".repeat(n), "]".repeat(n))));
    assert_refused("closure blocks", in_fn(&format!("{}1{}", "move || { ".repeat(n), "}".repeat(n))));
    assert_refused("spawns", in_fn(&format!("{}Rc::new(1){}", "tokio::spawn(async move { ".repeat(n), "})".repeat(n))));
    // Unbalanced: the lexer's own error, reported as a syntax error.
    let report = checked(in_fn(&"(".repeat(n)));
    assert_eq!(error_rules(&report), ["syntax"]);
}

#[test]
fn long_chains_are_refused_with_a_warning() {
    let n = 100_000;
    let chains = [
        ("sum", in_fn(&vec!["1"; n].join("+"))),
        ("method calls", in_fn(&format!("a{}", ".f()".repeat(n)))),
        ("calls of calls", in_fn(&format!("f{}", "()".repeat(n)))),
        ("indexes", in_fn(&format!("a{}", "[0]".repeat(n)))),
        ("try", in_fn(&format!("a{}", "?".repeat(n)))),
        ("casts", in_fn(&format!("a{}", " as u8".repeat(n)))),
        ("awaits", in_fn(&format!("a{}", ".await".repeat(n)))),
        ("else if", format!("fn main() {{ if a {{}} {} }}", "else if a {} ".repeat(n))),
        ("not", in_fn(&format!("{}x", "!".repeat(n)))),
        ("negations", in_fn(&format!("{}x", "- ".repeat(n)))),
        ("references", in_fn(&format!("{}x", "&".repeat(n)))),
        ("closures", in_fn(&format!("{}1", "|| ".repeat(n)))),
        ("closures with parameters", in_fn(&format!("{}1", "|a, b| ".repeat(n)))),
        ("assignments", in_fn(&format!("{}a", "a = ".repeat(n)))),
        ("returns", in_fn(&format!("{}1", "return ".repeat(n)))),
        ("breaks", format!("fn main() {{ loop {{ {}1 }} }}", "break ".repeat(n))),
        ("generics", format!("fn main() {{ let x: {}u8{} = 1; }}", "Vec<".repeat(n), ">".repeat(n))),
        ("generics with commas", format!("fn main() {{ let x: {}u8{} = 1; }}", "M<u8, ".repeat(n), ">".repeat(n))),
        ("reference types", format!("fn main() {{ let x: {}u8 = 1; }}", "&".repeat(n))),
        ("fn pointer types", format!("fn main() {{ let x: {}u8 = 1; }}", "fn() -> ".repeat(n))),
        ("struct-literal sums", in_fn(&vec!["{1}"; n].join("+"))),
    ];
    for (what, src) in chains {
        assert_refused(what, src);
    }
}

/// A chain inside a group inside a chain nests the tree by both: the budget is shared.
#[test]
fn nesting_and_chains_add_up() {
    let inner = "!".repeat(200);
    let src = in_fn(&format!("{}{inner}x{}", "(".repeat(100), ")".repeat(100)));
    assert_refused("100 parens around 200 `!`", src);
    assert_analysed("100 parens", in_fn(&format!("{}x{}", "(".repeat(100), ")".repeat(100))));
    assert_analysed("200 `!`", in_fn(&format!("{inner}x")));
}

/// The pre-scan lexes exactly as syn does (proc-macro2's lexer), so no literal or comment can
/// hide brackets from it, nor make it count brackets that are not code.
#[test]
fn literals_and_comments_neither_hide_nor_fake_nesting() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    for before in [
        "let c = '\"';",
        "let s = r#\"\\\"#;",
        "let s = r####\"\"###\"####;",
        "let b = b\"\\\"\";",
        "let c = b'\"';",
        "fn f<'a>(x: &'a str) {}",
        "/* /* nested */ \" */",
        "// \" \n",
        "let s = \"\\\\\";",
    ] {
        assert_refused(before, in_fn(&format!("{{ {before} }}; {deep}")));
    }
    // Brackets that are not code are not counted.
    let parens = "(".repeat(100_000);
    for not_code in [
        format!("let s = \"{parens}\";"),
        format!("let s = r#\"{parens}\"#;"),
        format!("/* /* */ {parens} */"),
        format!("// {parens}\n"),
        format!("let s = b\"{parens}\";"),
    ] {
        assert_analysed(&not_code[..12], in_fn(&format!("{{ {not_code} }}")));
    }
}

#[test]
fn ordinary_long_code_is_analysed() {
    // Many statements, long lists, big matches, many items: each starts the count again.
    let statements = "let x = 1 + 2 * 3 - a.f().g()?;\n".repeat(5_000);
    let list = vec!["-1"; 20_000].join(", ");
    let arms: String = (0..5_000).map(|i| format!("{i} => {{ f() }}\n")).collect();
    let items: String = (0..5_000).map(|i| format!("fn f{i}(a: &u8) -> Option<Vec<u8>> {{ None }}\n")).collect();
    let src = format!("{items}fn main() {{\n{statements}let v = [{list}];\nmatch x {{\n{arms}_ => {{}} }}\n}}\n");
    assert_analysed("long ordinary code", src);
}

// ---------------------------------------------------------------------------------------------
// Size: analysed up to `MAX_BYTES` (8 MiB), refused beyond.

/// `copies` copies of the classic case, each in its own function: one error each.
fn classic_copies(copies: usize) -> String {
    let mut src = String::from("use std::cell::RefCell;\nuse std::rc::Rc;\n");
    for i in 0..copies {
        src.push_str(&format!(
            "async fn task{i}() {{\n    let counter = Rc::new(RefCell::new(0));\n    let handle = tokio::spawn(async move {{\n        *counter.borrow_mut() += 1;\n    }});\n    handle.await.unwrap();\n}}\n"
        ));
    }
    src
}

#[test]
fn a_5_mb_file_is_analysed() {
    // 5 MB of plain functions (no errors), then past the size limit.
    let body = "fn work(a: u32, b: &str) -> usize {\n    let v: Vec<u32> = (0..a).map(|x| x * 2).collect();\n    v.len() + b.len()\n}\n";
    let src = body.repeat(5_000_000 / body.len() + 1);
    assert!(src.len() >= 5_000_000);
    let report = assert_analysed("5 MB", src.clone());
    assert!(error_rules(&report).is_empty());
    let huge = body.repeat(9_000_000 / body.len());
    assert_refused("9 MB", huge);
}

#[test]
fn a_100_000_line_file_is_analysed() {
    let src = format!("fn main() {{\n{}}}\n", "    let x = 1;\n".repeat(100_000));
    assert!(src.lines().count() > 100_000);
    assert_analysed("100,000 lines", src);
}

#[test]
fn a_1_mb_line_is_analysed() {
    let string_line = in_fn(&format!("\"{}\"", "é😀a".repeat(150_000)));
    let code_line = format!("fn main() {{ let v = [{}]; }}", vec!["1"; 550_000].join(","));
    assert!(code_line.len() > 1_000_000 && string_line.len() > 1_000_000);
    assert_analysed("1 MB string", string_line);
    assert_analysed("1 MB code", code_line);
    // The classic error at the end of a 1 MB line: found, with the column in chars.
    let pad = format!("/* {} */", "é".repeat(500_000));
    let src = CLASSIC.replace("async fn main", &format!("{pad} async fn main"));
    let report = assert_analysed("error after 1 MB", src);
    assert_eq!(error_rules(&report), ["non-send-capture"]);
}

#[test]
fn thousands_of_spawn_sites_and_awaits() {
    let report = assert_analysed("2,000 tasks", classic_copies(2_000));
    assert_eq!(error_rules(&report).len(), 2_000);
    let awaits = format!("async fn main() {{\n{}}}\n", "    tokio::task::yield_now().await;\n".repeat(20_000));
    assert_analysed("20,000 awaits", awaits);
    // One task holding a guard across 5,000 awaits: one error, labelled at every await.
    let guard = format!(
        "use std::sync::Mutex;\nasync fn run(m: &Mutex<u32>) {{\n    let g = m.lock().unwrap();\n{}    drop(g);\n}}\nfn main() {{ let m = Mutex::new(0); tokio::spawn(async move {{ run(&m).await }}); }}\n",
        "    tokio::task::yield_now().await;\n".repeat(5_000)
    );
    assert_analysed("5,000 awaits under a guard", guard);
    // One task declaring 5,000 locals, each held across the next await only: 5,000 errors, each
    // pointing at its own await (this shape was quadratic: every local judged at every await).
    let locals = format!(
        "use std::rc::Rc;\nasync fn g() {{}}\nfn main() {{\n    tokio::spawn(async move {{\n{}    }});\n}}\n",
        "        let x = Rc::new(1);\n        g().await;\n        drop(x);\n        g().await;\n".repeat(5_000)
    );
    let report = assert_analysed("5,000 locals between awaits", locals);
    assert_eq!(error_rules(&report), vec!["non-send-across-await"; 5_000]);
    for d in &report.diagnostics {
        let awaits: Vec<_> = d.labels.iter().filter(|l| l.message.starts_with("`.await` here")).collect();
        let primary = d.primary().expect("a primary label");
        assert_eq!(awaits.len(), 1, "held across one await only: {:?}", d.labels);
        assert_eq!(awaits[0].span.line, primary.span.line + 1, "the await right after the local");
    }
}

// ---------------------------------------------------------------------------------------------
// Characters.

#[test]
fn nul_and_control_characters() {
    let nul_in_string = CLASSIC.replace("*counter", "let _s = \"\0\u{1}\u{7f}\u{1b}[31m\";\n        *counter");
    assert_eq!(error_rules(&checked(nul_in_string)), ["non-send-capture"]);
    let nul_in_comment = CLASSIC.replace("#[tokio::main]", "// \0\u{8}\u{c}\n#[tokio::main]");
    assert_eq!(error_rules(&checked(nul_in_comment)), ["non-send-capture"]);
    // (U+0085, NEXT LINE, is whitespace to Rust, so it is not among them.)
    for raw in ["\0", "\u{1}", "\u{7f}", "\u{1b}"] {
        let report = checked(CLASSIC.replace("let handle", &format!("{raw}let handle")));
        assert!(error_rules(&report).contains(&"syntax"), "{raw:?}: {:?}", report.diagnostics);
    }
}

#[test]
fn crlf_and_lone_cr_line_ends() {
    let crlf = CLASSIC.replace('\n', "\r\n");
    let report = checked(crlf.clone());
    assert_eq!(error_rules(&report), ["non-send-capture"]);
    let lf = analyze(CLASSIC, &Options::default());
    let (a, b) = (&report.diagnostics[0].labels[0].span, &lf.diagnostics[0].labels[0].span);
    assert_eq!((a.line, a.col), (b.line, b.col), "CRLF does not move lines or columns");
    // A lone CR is not a line break for rustc either (`tests/invariants` counts lines by `\n`).
    let cr = CLASSIC.replace('\n', "\r");
    checked(cr);
    let mixed = CLASSIC.replacen('\n', "\r", 3).replacen('\n', "\r\n", 3);
    checked(mixed);
}

#[test]
fn tabs_count_as_one_column() {
    let tabs = CLASSIC.replace("    ", "\t");
    let report = checked(tabs);
    let span = &report.diagnostics[0].labels[0].span;
    assert_eq!(span.col, 4, "`counter` after two tabs and `*`: {span:?}");
}

#[test]
fn right_to_left_and_zero_width_characters() {
    for odd in ["\u{202e}", "\u{2066}", "\u{200b}", "\u{200d}", "\u{feff}", "\u{200f}"] {
        // In a comment and in a string: still found, offsets in every unit agree (checked).
        let src = CLASSIC
            .replace("#[tokio::main]", &format!("// {odd}evil{odd}\n#[tokio::main]"))
            .replace("+= 1", &format!("+= \"{odd}\".len()"));
        assert_eq!(error_rules(&checked(src)), ["non-send-capture"], "{odd:?}");
        // Between tokens: a syntax error or ignorable whitespace (U+200E/U+200F), never a panic.
        checked(CLASSIC.replace("let handle", &format!("let{odd} handle")));
    }
    // A byte-order mark at the start of the file.
    checked(format!("\u{feff}{CLASSIC}"));
}

#[test]
fn unterminated_literals_and_comments_and_bad_escapes_are_syntax_errors() {
    for broken in [
        "let s = \"never closed;",
        "let s = r####\"never closed\"###;",
        "let s = r####\"",
        "let s = r#####;",
        "let c = 'ab;",
        "let b = b\"\\xff\\u{1F600}\";",
        "let s = \"\\q\";",
        "let s = \"\\u{110000}\";",
        "let s = \"\\u{D800}\";",
        "let c = '\\x80';",
        "/* /* closed once */",
        "/*",
        "let x = 1__;  let y = 0b2; let z = 1e;",
    ] {
        let src = CLASSIC.replace("let handle", &format!("{broken}\n    let handle"));
        let report = checked(src);
        assert!(error_rules(&report).contains(&"syntax"), "{broken}: {:?}", report.diagnostics);
    }
}

#[test]
fn empty_and_blank_inputs_are_clean() {
    for src in ["", " ", "\n", "\r\n", "\t", "\u{feff}", "// just a comment", "/* */"] {
        assert!(checked(src.to_string()).diagnostics.is_empty(), "{src:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Time: linear below the limits. A printed benchmark, not a timed assertion:
// `cargo test --release --test hostile -- --ignored --nocapture`.

fn median_ms(src: &str) -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let report = analyze(src, &Options::default());
            std::hint::black_box(report);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[2]
}

/// Builds an input of a shape from a size in units.
type MakeInput = Box<dyn Fn(usize) -> String + Send>;

#[test]
#[ignore = "benchmark: prints figures"]
fn print_time_against_size() {
    let shapes: Vec<(&str, MakeInput)> = vec![
        ("classic cases (1 error each)", Box::new(classic_copies)),
        (
            "plain functions",
            Box::new(|n| {
                "fn work(a: u32) -> u32 {\n    let v: Vec<u32> = (0..a).map(|x| x * 2).collect();\n    v.len() as u32\n}\n".repeat(n)
            }),
        ),
        (
            "one 1-line statement per line",
            Box::new(|n| format!("fn main() {{\n{}}}\n", "    let x = a.f(1) + b;\n".repeat(n * 4))),
        ),
        (
            "awaits in one task",
            Box::new(|n| format!("async fn main() {{\n{}}}\n", "    tokio::task::yield_now().await;\n".repeat(n * 4))),
        ),
        (
            "chain at the limit, repeated",
            Box::new(|n| in_fn(&format!("{{ {} }}", format!("a{};", ".f()".repeat(700)).repeat(n / 50 + 1)))),
        ),
        (
            "Rc dropped between awaits, one task",
            Box::new(|n| {
                format!("use std::rc::Rc;\nasync fn g() {{}}\nfn main() {{\n    tokio::spawn(async move {{\n{}    }});\n}}\n", "        let x = Rc::new(1);\n        g().await;\n        drop(x);\n".repeat(n))
            }),
        ),
        (
            "nesting at the limit, repeated",
            Box::new(|n| {
                format!("fn main() {{ {} }}", format!("{}1{};", "(".repeat(120), ")".repeat(120)).repeat(n / 20 + 1))
            }),
        ),
    ];
    let on_stack = std::thread::Builder::new().stack_size(STACK);
    on_stack
        .spawn(move || {
            println!("{:<34} {:>8} {:>10} {:>10} {:>9}", "shape", "units", "bytes", "ms", "MB/s");
            for (name, make) in &shapes {
                for n in [500, 1_000, 2_000, 4_000, 8_000] {
                    let src = make(n);
                    let ms = median_ms(&src);
                    println!("{name:<34} {n:>8} {:>10} {ms:>10.1} {:>9.2}", src.len(), src.len() as f64 / ms / 1e3);
                }
            }
            // The largest input of each shape analysed within 1 s.
            for (name, make) in &shapes {
                let mut n = 1_000;
                let mut best = (0, 0.0);
                while n < 2_000_000 {
                    let src = make(n);
                    if src.len() > sendlens_max_bytes() {
                        break;
                    }
                    let ms = median_ms(&src);
                    if ms > 1_000.0 {
                        break;
                    }
                    best = (src.len(), ms);
                    n = n * 3 / 2;
                }
                println!("largest within 1 s: {name}: {} bytes ({:.0} ms)", best.0, best.1);
            }
        })
        .expect("spawn")
        .join()
        .expect("benchmark ran");
}

fn sendlens_max_bytes() -> usize {
    8 * 1024 * 1024
}
