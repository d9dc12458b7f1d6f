//! Speed of `sendlens::analyze`, next to `syn::parse_file` alone on the same text (the floor: the
//! analyzer parses first, so the gap between the two is the cost of the analysis itself).
//!
//! Inputs:
//! - `corpus`: every fixture of `tests/fixtures/corpus/cases`, analyzed one after the other; the
//!   per-iteration time divided by the number of snippets is the cost of one typical snippet.
//! - `lines_1k`, `lines_10k`, `lines_100k`: one file built from the corpus's parsing fixtures,
//!   concatenated with every top-level item renamed per copy (`main` → `main_3`, ...) so the
//!   result stays a valid file of unique items, cut at the first fixture boundary past 1,000 /
//!   10,000 / 100,000 lines. The three sizes show whether the cost grows linearly.
//!
//! Run: `cargo bench --bench analyze` (divan prints time per iteration and throughput: bytes/s,
//! and items/s = snippets/s for the corpus). `scripts/bench_table.sh` turns that into a short
//! table with µs per snippet and MB/s.
//!
//! `SENDLENS_BENCH_DUMP=DIR` writes the generated files to `DIR/lines_*.rs` (the browser bench
//! reads them). `SENDLENS_BENCH_PROFILE=lines_10k` (or `corpus`, `lines_1k`, ...; `:N` for N
//! runs) analyzes that input and exits without benchmarking: a short, fixed workload to run
//! under a profiler, e.g. `valgrind --tool=callgrind target/release/deps/analyze-* `.

use std::path::Path;
use std::sync::OnceLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{black_box, Bencher};
use sendlens::{Edition, Options};

fn main() {
    if let Ok(spec) = std::env::var("SENDLENS_BENCH_PROFILE") {
        profile(&spec);
        return;
    }
    // What was measured, for the table (stderr, so divan's own output stays as it is).
    for size in SIZES {
        let input = size.input();
        eprintln!("input {size}: {} files, {} lines, {} bytes", input.files.len(), input.lines(), input.bytes());
    }
    slowest_fixtures(3);
    // To look at the generated files (e.g. run the CLI on them): SENDLENS_BENCH_DUMP=some/dir.
    if let Some(dir) = std::env::var_os("SENDLENS_BENCH_DUMP") {
        for size in [Size::Lines1k, Size::Lines10k, Size::Lines100k] {
            let path = Path::new(&dir).join(format!("{size}.rs"));
            std::fs::write(&path, &size.input().files[0].0).expect("write generated input");
            eprintln!("wrote {}", path.display());
        }
    }
    divan::main();
}

/// Runs `analyze` on one input `runs` times (spec `name[:runs]`), for a profiler.
fn profile(spec: &str) {
    let (name, runs) = spec.split_once(':').unwrap_or((spec, "1"));
    let runs: usize = runs.parse().expect("SENDLENS_BENCH_PROFILE=name[:runs]");
    let size = SIZES
        .into_iter()
        .find(|s| s.to_string() == name)
        .unwrap_or_else(|| panic!("SENDLENS_BENCH_PROFILE: no input named {name}"));
    let input = size.input();
    let start = std::time::Instant::now();
    let mut diagnostics = 0;
    let parse_only = std::env::var_os("SENDLENS_BENCH_PARSE_ONLY").is_some();
    for _ in 0..runs {
        for (text, options) in &input.files {
            if parse_only {
                parse_once(text);
            } else {
                diagnostics += analyze_once(text, options);
            }
        }
    }
    eprintln!(
        "{name}: {runs} run(s), {} diagnostics per run, {:.1} ms per run",
        diagnostics / runs.max(1),
        start.elapsed().as_secs_f64() * 1e3 / runs.max(1) as f64
    );
}

/// One analysis, report dropped, in a function of its own so that callgrind can count exactly
/// it (`--toggle-collect=analyze::analyze_once`): with fat LTO `sendlens::analyze` itself may be
/// inlined into its caller.
#[inline(never)]
fn analyze_once(text: &str, options: &Options) -> usize {
    black_box(sendlens::analyze(black_box(text), options)).diagnostics.len()
}

/// The floor, counted the same way (`--toggle-collect=analyze::parse_once`).
#[inline(never)]
fn parse_once(text: &str) {
    drop(black_box(syn::parse_file(black_box(text))));
    proc_macro2::extra::invalidate_current_thread_spans();
}

struct Input {
    /// Every fixture with its edition.
    files: Vec<(String, Options)>,
    /// File names, for the corpus.
    names: Vec<String>,
}

impl Input {
    fn bytes(&self) -> usize {
        self.files.iter().map(|(text, _)| text.len()).sum()
    }

    fn lines(&self) -> usize {
        self.files.iter().map(|(text, _)| text.lines().count()).sum()
    }
}

fn fixture_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus/cases"))
}

/// The corpus fixtures, sorted by name, with the edition their `// edition:` line asks for.
fn corpus() -> &'static Input {
    static CORPUS: OnceLock<Input> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut paths: Vec<_> = std::fs::read_dir(fixture_dir())
            .expect("tests/fixtures/corpus/cases")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        paths.sort();
        let names = paths.iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
        let files = paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("fixture is UTF-8");
                let edition = if text.lines().take(5).any(|l| l.replace(' ', "") == "//edition:2024") {
                    Edition::E2024
                } else {
                    Edition::E2021
                };
                (text, Options { edition })
            })
            .collect::<Vec<_>>();
        assert!(files.len() > 100, "expected the corpus fixtures in {}", fixture_dir().display());
        Input { files, names }
    })
}

/// The average hides outliers: time each corpus fixture alone (median of 21 runs) and print the
/// slowest, for the table.
fn slowest_fixtures(count: usize) {
    let corpus = corpus();
    let mut timed: Vec<(f64, &str)> = corpus
        .files
        .iter()
        .zip(&corpus.names)
        .map(|((text, options), name)| {
            let mut runs: Vec<f64> = (0..21)
                .map(|_| {
                    let start = std::time::Instant::now();
                    black_box(sendlens::analyze(black_box(text), options));
                    start.elapsed().as_secs_f64() * 1e6
                })
                .collect();
            runs.sort_by(f64::total_cmp);
            (runs[runs.len() / 2], name.as_str())
        })
        .collect();
    timed.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (micros, name) in timed.iter().take(count) {
        eprintln!("slowest fixture: {name} {micros:.0} µs");
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Names of the items a fixture defines at top level (lines starting in column 0), e.g.
/// `async fn main`, `pub struct Counter`, `macro_rules! log`.
fn top_level_item_names(text: &str) -> Vec<String> {
    const QUALIFIERS: &[&str] = &["pub", "pub(crate)", "async", "unsafe", "const", "extern", "\"C\"", "mut"];
    const KINDS: &[&str] =
        &["fn", "struct", "enum", "trait", "type", "static", "const", "mod", "union", "macro_rules!"];
    let mut names = Vec::new();
    for line in text.lines().filter(|l| l.starts_with(|c: char| c.is_alphabetic())) {
        let mut words =
            line.split(|c: char| c.is_whitespace() || c == '<' || c == '(' || c == '{' || c == ':' || c == ';');
        let mut word = words.next();
        // `const fn f` is a function; a bare `const X` is a constant: the kind is the last
        // keyword before the name.
        let mut kind = None;
        while let Some(w) = word {
            if KINDS.contains(&w) {
                kind = Some(w);
            } else if !QUALIFIERS.contains(&w) && !w.is_empty() {
                break;
            }
            word = words.next();
        }
        if let (Some(_), Some(name)) = (kind, word) {
            if name.chars().all(is_ident_char) && !name.is_empty() {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// `text` with every whole-word occurrence of `names` suffixed by `_{suffix}`, except after `::`
/// or `.` (paths and methods of other crates, e.g. `tokio::main`, `rt.spawn`).
fn rename_items(text: &str, names: &[String], suffix: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| is_ident_char(c)) {
        let (before, from_word) = rest.split_at(start);
        out.push_str(before);
        let len = from_word.find(|c: char| !is_ident_char(c)).unwrap_or(from_word.len());
        let (word, after) = from_word.split_at(len);
        out.push_str(word);
        let qualified = out[..out.len() - word.len()].ends_with("::") || out[..out.len() - word.len()].ends_with('.');
        if !qualified && names.iter().any(|n| n == word) {
            out.push_str(&format!("_{suffix}"));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// One file of at least `min_lines` lines made of renamed copies of the parsing fixtures.
fn generated(min_lines: usize) -> String {
    let parsing: Vec<&str> =
        corpus().files.iter().map(|(text, _)| text.as_str()).filter(|text| syn::parse_file(text).is_ok()).collect();
    let mut out = String::new();
    let mut lines = 0;
    for (copy, text) in parsing.iter().cycle().enumerate() {
        if lines >= min_lines {
            break;
        }
        let renamed = rename_items(text, &top_level_item_names(text), copy);
        lines += renamed.lines().count() + 1;
        out.push_str(&renamed);
        out.push('\n');
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    out
}

fn sized(min_lines: usize) -> &'static Input {
    static K1: OnceLock<Input> = OnceLock::new();
    static K10: OnceLock<Input> = OnceLock::new();
    static K100: OnceLock<Input> = OnceLock::new();
    let cell = match min_lines {
        0..=1_000 => &K1,
        1_001..=10_000 => &K10,
        _ => &K100,
    };
    cell.get_or_init(|| {
        let text = generated(min_lines);
        // The generator must produce real input: a file that does not parse would only measure
        // how fast the parser gives up.
        if let Err(e) = syn::parse_file(&text) {
            let line = e.span().start().line;
            panic!("generated {min_lines}-line file does not parse at line {line}: {e}");
        }
        proc_macro2::extra::invalidate_current_thread_spans();
        Input { files: vec![(text, Options::default())], names: vec![format!("lines_{min_lines}")] }
    })
}

#[derive(Debug, Clone, Copy)]
enum Size {
    Corpus,
    Lines1k,
    Lines10k,
    Lines100k,
}

impl Size {
    fn input(self) -> &'static Input {
        match self {
            Size::Corpus => corpus(),
            Size::Lines1k => sized(1_000),
            Size::Lines10k => sized(10_000),
            Size::Lines100k => sized(100_000),
        }
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Size::Corpus => "corpus",
            Size::Lines1k => "lines_1k",
            Size::Lines10k => "lines_10k",
            Size::Lines100k => "lines_100k",
        })
    }
}

const SIZES: [Size; 4] = [Size::Corpus, Size::Lines1k, Size::Lines10k, Size::Lines100k];

fn counted<'a, 'b>(bencher: Bencher<'a, 'b>, input: &Input) -> Bencher<'a, 'b> {
    bencher.counter(BytesCount::new(input.bytes())).counter(ItemsCount::new(input.files.len()))
}

/// The whole analysis: parse, index, facts, rules, report. `max_time` bounds the 100k-line input
/// (a second or more per iteration) to a few samples instead of divan's default 100.
#[divan::bench(args = SIZES, max_time = 20)]
fn analyze(bencher: Bencher, size: Size) {
    let input = size.input();
    counted(bencher, input).bench(|| {
        for (text, options) in &input.files {
            black_box(sendlens::analyze(black_box(text), options));
        }
    });
}

/// Parsing alone, as the analyzer does it (with span locations, whose thread-local source map
/// the analyzer clears after each file, and so must this).
#[divan::bench(args = SIZES, max_time = 20)]
fn syn_parse_file(bencher: Bencher, size: Size) {
    let input = size.input();
    counted(bencher, input).bench(|| {
        for (text, _) in &input.files {
            let _ = black_box(syn::parse_file(black_box(text)));
            proc_macro2::extra::invalidate_current_thread_spans();
        }
    });
}
