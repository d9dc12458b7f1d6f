//! Conformance with rustc 1.95: runs `sendlens::analyze` on every labeled fixture and compares its
//! verdict and culprit with the compiler's, exactly as the corpus's `score.py` does.
//!
//! Fixture sets are the folders of `tests/fixtures/` that hold `labels.jsonl` and `cases/`
//! (today `corpus/`, a copy of the shared corpus, and `extra/`); adding a folder adds its cases.
//! Labels are produced by the real compiler (`label.py`), never by hand.
//!
//! Measured, per case (see `score.py` for the reference definitions):
//! - verdict: an error-severity diagnostic exactly when rustc rejects the program;
//! - culprit: for cases both reject, some error's primary label starts on a line rustc points at
//!   (`rustc_lines`);
//! - crash: `analyze` panicked.
//!
//! Bars (over every category except `handlers`): verdict >= 97%, no false alarm, culprit >= 95%,
//! no crash. `handlers` (framework-imposed `Send` bounds) gets its own table and the same bars.
//! Separately, every report must keep the report invariants (spans, one primary label, fixes
//! that apply, determinism), whatever its category.
//!
//! `cargo test --test conformance -- --nocapture` prints the tables even when everything passes.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sendlens::{Analysis, Diagnostic, Edition, Options, Severity, Span};
use serde_json::Value;

const MIN_VERDICT: f64 = 0.97;
const MAX_FALSE_ALARMS: usize = 0;
const MIN_CULPRIT: f64 = 0.95;
const HANDLERS: &str = "handlers";

/// One labeled program.
struct Case {
    /// `<set>/<file>`, e.g. `corpus/d001_seed_rc-refcell-counter.rs`.
    name: String,
    category: String,
    edition: Edition,
    source: String,
    label: Value,
}

impl Case {
    fn rustc_rejects(&self) -> bool {
        self.label["verdict"] == "error"
    }

    fn first_rustc_message(&self) -> &str {
        self.label["errors"][0]["message"].as_str().unwrap_or("?")
    }
}

/// What the analyzer did with one case.
struct Outcome {
    /// `Err` holds the panic message.
    analysis: Result<Analysis, String>,
}

struct Evaluated {
    case: Case,
    outcome: Outcome,
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture set under `tests/fixtures/`: folders holding `labels.jsonl` and `cases/`.
fn load_cases() -> Vec<Case> {
    let root = fixtures_root();
    let mut sets: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("read {}: {e}", root.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|dir| dir.join("labels.jsonl").is_file() && dir.join("cases").is_dir())
        .collect();
    sets.sort();
    assert!(sets.iter().any(|s| s.ends_with("corpus")), "tests/fixtures/corpus is missing");

    let mut cases = Vec::new();
    for set in sets {
        let set_name = set.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let labels = std::fs::read_to_string(set.join("labels.jsonl")).expect("read labels.jsonl");
        let mut labeled = BTreeSet::new();
        for (n, line) in labels.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let label: Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{set_name}/labels.jsonl:{}: {e}", n + 1));
            let file = label["file"].as_str().expect("label has `file`").to_string();
            let path = set.join("cases").join(&file);
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (labels.jsonl names it)", path.display()));
            let edition = label["edition"].as_str().map_or(Some(Edition::E2021), Edition::parse);
            let edition = edition.unwrap_or_else(|| panic!("{file}: unknown edition {}", label["edition"]));
            assert!(matches!(label["verdict"].as_str(), Some("ok" | "error")), "{file}: verdict must be ok or error");
            cases.push(Case {
                name: format!("{set_name}/{file}"),
                category: label["category"].as_str().unwrap_or("-").to_string(),
                edition,
                source,
                label,
            });
            labeled.insert(file);
        }
        // A case without a label would silently go untested.
        for entry in std::fs::read_dir(set.join("cases")).expect("read cases/").flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.ends_with(".rs") {
                assert!(labeled.contains(&file), "{set_name}/cases/{file} has no label: run label.py on the set");
            }
        }
    }
    cases
}

thread_local! {
    /// Set while `analyze` runs under `guarded`, so the panic hook records instead of printing.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `analyze`, turning a panic into `Err(message with location)`. Other threads' panics (a
/// failing assertion in a parallel test) still reach the default hook.
fn guarded(source: &str, edition: Edition) -> Result<Analysis, String> {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string panic".into());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
            } else {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| sendlens::analyze(source, &Options { edition })));
    GUARDED.with(|g| g.set(false));
    result.map_err(|_| LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "panic".into()))
}

/// All cases, analyzed once and shared by the tests of this file.
fn evaluated() -> &'static [Evaluated] {
    static ALL: OnceLock<Vec<Evaluated>> = OnceLock::new();
    ALL.get_or_init(|| {
        load_cases()
            .into_iter()
            .map(|case| {
                let analysis = guarded(&case.source, case.edition);
                Evaluated { case, outcome: Outcome { analysis } }
            })
            .collect()
    })
}

// ---------------------------------------------------------------------------------------------
// Scoring, ported from score.py.

/// Lines of the case that the compiler points at as the cause: the spans of its notes and labels
/// inside the file, or, where it gives none, its primary span; for axum's `Handler` errors the
/// lines rustc names under `#[axum::debug_handler]` (`culprit_lines`). Port of `rustc_lines`.
fn rustc_lines(label: &Value) -> BTreeSet<u64> {
    let mut lines = BTreeSet::new();
    for error in label["errors"].as_array().into_iter().flatten() {
        if let Some(culprit) = error["culprit_lines"].as_array().filter(|c| !c.is_empty()) {
            lines.extend(culprit.iter().filter_map(Value::as_u64));
            continue;
        }
        let in_file = |span: &Value| -> Option<(u64, u64)> {
            let line = span["line"].as_u64().filter(|&l| l > 0)?;
            if span.get("file").is_some_and(|f| !f.is_null()) {
                return None;
            }
            Some((line, span["end_line"].as_u64().filter(|&l| l > 0).unwrap_or(line)))
        };
        let mut noted = BTreeSet::new();
        for note in error["notes"].as_array().into_iter().flatten() {
            if let Some((start, end)) = in_file(note) {
                noted.extend(start..=end);
            }
        }
        if noted.is_empty() {
            if let Some((start, end)) = in_file(&error["primary"]) {
                noted.extend(start..=end);
            }
        }
        lines.extend(noted);
    }
    lines
}

fn errors_of(analysis: &Analysis) -> Vec<&Diagnostic> {
    analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

/// The line of a diagnostic's (first) primary label, as score.py reads it.
fn primary_line(diagnostic: &Diagnostic) -> Option<u64> {
    diagnostic.primary().map(|l| l.span.line as u64)
}

#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    agree: usize,
    false_alarms: usize,
    misses: usize,
    crashes: usize,
    /// Cases both rustc and sendlens reject: the culprit's denominator.
    both: usize,
    culprit: usize,
    /// Cases both reject (syntax errors excepted) where a usable fix is offered for some error.
    fixes_offered: usize,
    fixable: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.cases += other.cases;
        self.agree += other.agree;
        self.false_alarms += other.false_alarms;
        self.misses += other.misses;
        self.crashes += other.crashes;
        self.both += other.both;
        self.culprit += other.culprit;
        self.fixes_offered += other.fixes_offered;
        self.fixable += other.fixable;
    }

    fn verdict_rate(&self) -> f64 {
        self.agree as f64 / self.cases.max(1) as f64
    }

    /// As score.py: 0 when nothing was rejected by both (no culprit could be found).
    fn culprit_rate(&self) -> f64 {
        self.culprit as f64 / self.both.max(1) as f64
    }

    /// The bars this tally misses, in words; empty when it meets them all.
    fn missed_bars(&self) -> Vec<String> {
        let mut missed = Vec::new();
        if self.verdict_rate() < MIN_VERDICT {
            missed.push(format!("verdict {:.1}% < {:.0}%", 100.0 * self.verdict_rate(), 100.0 * MIN_VERDICT));
        }
        if self.false_alarms > MAX_FALSE_ALARMS {
            missed.push(format!("{} false alarms > {MAX_FALSE_ALARMS}", self.false_alarms));
        }
        if self.culprit_rate() < MIN_CULPRIT {
            missed.push(format!("culprit {:.1}% < {:.0}%", 100.0 * self.culprit_rate(), 100.0 * MIN_CULPRIT));
        }
        if self.crashes > 0 {
            missed.push(format!("{} crashes", self.crashes));
        }
        missed
    }

    fn summary(&self) -> String {
        format!(
            "verdict {}/{} ({:.1}%) false-alarms {} misses {} crashes {} culprit {}/{} ({:.1}%) fixes-offered {}/{}",
            self.agree,
            self.cases,
            100.0 * self.verdict_rate(),
            self.false_alarms,
            self.misses,
            self.crashes,
            self.culprit,
            self.both,
            100.0 * self.culprit_rate(),
            self.fixes_offered,
            self.fixable,
        )
    }
}

/// Scores one case; disagreements are described in `problems`.
fn score(evaluated: &Evaluated, problems: &mut Vec<String>) -> Tally {
    let case = &evaluated.case;
    let mut tally = Tally { cases: 1, ..Tally::default() };
    let analysis = match &evaluated.outcome.analysis {
        Ok(analysis) => analysis,
        Err(panic) => {
            tally.crashes = 1;
            problems.push(format!("CRASH   {}  {panic}", case.name));
            return tally;
        }
    };
    let errors = errors_of(analysis);
    let truth = case.rustc_rejects();
    let said = !errors.is_empty();
    match (truth, said) {
        (t, s) if t == s => tally.agree = 1,
        (false, true) => {
            tally.false_alarms = 1;
            let primary = errors[0].primary().map(|l| format!(" (line {})", l.span.line)).unwrap_or_default();
            problems.push(format!("FALSE   {}  [{}] {}{primary}", case.name, errors[0].rule, errors[0].message));
        }
        _ => {
            tally.misses = 1;
            problems.push(format!("MISS    {}  rustc: {}", case.name, case.first_rustc_message()));
        }
    }
    if truth && said {
        tally.both = 1;
        let want = rustc_lines(&case.label);
        let got: BTreeSet<u64> = errors.iter().filter_map(|d| primary_line(d)).collect();
        if want.intersection(&got).next().is_some() {
            tally.culprit = 1;
        } else {
            problems.push(format!("WHERE   {}  rustc lines {want:?}, ours {got:?}", case.name));
        }
        if case.category != "syntax-error" {
            tally.fixable = 1;
            let offers_fix =
                errors.iter().any(|d| d.fixes.iter().any(|f| f.applicability != sendlens::Applicability::DisplayOnly));
            tally.fixes_offered = usize::from(offers_fix);
        }
    }
    tally
}

/// The agreement table for the cases `include` selects, and the problems found in them.
fn table(title: &str, include: impl Fn(&Case) -> bool) -> (Tally, String) {
    let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    for evaluated in evaluated().iter().filter(|e| include(&e.case)) {
        let tally = score(evaluated, &mut problems);
        by_category.entry(evaluated.case.category.as_str()).or_default().add(&tally);
    }
    let mut total = Tally::default();
    let mut out = format!("\n== {title} ==\n");
    let _ = writeln!(
        out,
        "{:<28} {:>5} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "category", "cases", "agree", "false", "miss", "crash", "culprit"
    );
    for (category, t) in &by_category {
        let _ = writeln!(
            out,
            "{:<28} {:>5} {:>6} {:>6} {:>6} {:>6} {:>8}",
            category,
            t.cases,
            t.agree,
            t.false_alarms,
            t.misses,
            t.crashes,
            format!("{}/{}", t.culprit, t.both)
        );
        total.add(t);
    }
    for problem in &problems {
        let _ = writeln!(out, "{problem}");
    }
    let _ = writeln!(out, "{}", total.summary());
    (total, out)
}

#[test]
fn conformance_with_rustc_outside_handlers_meets_the_bars() {
    let (total, text) =
        table("conformance with rustc 1.95 (all categories except handlers)", |c| c.category != HANDLERS);
    eprintln!("{text}");
    assert!(total.cases > 100, "expected the whole corpus, found {} cases", total.cases);
    let missed = total.missed_bars();
    assert!(missed.is_empty(), "conformance bars missed: {} (table above)", missed.join(", "));
}

#[test]
fn conformance_with_rustc_on_handlers() {
    let (total, text) = table("conformance with rustc 1.95: handlers", |c| c.category == HANDLERS);
    eprintln!("{text}");
    assert!(total.cases > 0, "no handlers cases found");
    let missed = total.missed_bars();
    assert!(missed.is_empty(), "handlers bars missed: {} (table above)", missed.join(", "));
}

// ---------------------------------------------------------------------------------------------
// Report invariants, on every fixture whatever the verdict.

/// Where byte offset `at` of `text` is: (UTF-16 offset, 1-based line, 1-based char column).
/// `None` when `at` is outside the text or not on a char boundary.
fn position(text: &str, at: usize) -> Option<(usize, usize, usize)> {
    let before = text.get(..at)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some((before.encode_utf16().count(), before.matches('\n').count() + 1, before[line_start..].chars().count() + 1))
}

/// Checks that every unit of `span` describes the same place in `text`.
fn check_span(text: &str, span: &Span) -> Result<(), String> {
    if span.byte_start > span.byte_end {
        return Err(format!("byteStart {} > byteEnd {}", span.byte_start, span.byte_end));
    }
    let start = position(text, span.byte_start)
        .ok_or_else(|| format!("byteStart {} outside the text or inside a char", span.byte_start))?;
    let end = position(text, span.byte_end)
        .ok_or_else(|| format!("byteEnd {} outside the text ({} bytes) or inside a char", span.byte_end, text.len()))?;
    let reported = ((span.start, span.line, span.col), (span.end, span.end_line, span.end_col));
    if reported != (start, end) {
        return Err(format!(
            "bytes {}..{} are (utf16, line, col) {start:?}..{end:?} but the span says {:?}..{:?}",
            span.byte_start, span.byte_end, reported.0, reported.1
        ));
    }
    Ok(())
}

/// The invariant violations of one report on `text`, each as a sentence.
fn report_violations(text: &str, analysis: &Analysis) -> Vec<String> {
    let mut violations = Vec::new();
    for (i, diagnostic) in analysis.diagnostics.iter().enumerate() {
        let what = format!("diagnostic {i} [{}]", diagnostic.rule);
        let primaries = diagnostic.labels.iter().filter(|l| l.primary).count();
        if primaries != 1 {
            violations.push(format!("{what}: {primaries} primary labels, expected exactly 1"));
        }
        if diagnostic.message.trim().is_empty() {
            violations.push(format!("{what}: empty message"));
        }
        for label in &diagnostic.labels {
            if let Err(e) = check_span(text, &label.span) {
                violations.push(format!("{what}: label `{}`: {e}", label.message));
            }
        }
        for fix in &diagnostic.fixes {
            let mut ranges = Vec::new();
            for edit in &fix.edits {
                match check_span(text, &edit.span) {
                    Err(e) => violations.push(format!("{what}: fix `{}`: edit: {e}", fix.title)),
                    Ok(()) => ranges.push((edit.span.byte_start, edit.span.byte_end, &edit.replacement)),
                }
            }
            // apply_fix skips overlapping edits silently; a rule must not rely on that.
            ranges.sort();
            ranges.dedup();
            if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
                violations.push(format!("{what}: fix `{}` has overlapping edits", fix.title));
            }
            if fix.edits.is_empty() {
                violations.push(format!("{what}: fix `{}` has no edits", fix.title));
            }
        }
    }
    violations
}

#[test]
fn every_report_keeps_the_report_invariants() {
    let mut violations = Vec::new();
    let mut fixes_checked = 0;
    for evaluated in evaluated() {
        let case = &evaluated.case;
        let Ok(analysis) = &evaluated.outcome.analysis else {
            continue; // a crash is counted by the conformance tests
        };
        for v in report_violations(&case.source, analysis) {
            violations.push(format!("{}: {v}", case.name));
        }
        match guarded(&case.source, case.edition) {
            Ok(again) if &again == analysis => {}
            Ok(_) => violations.push(format!("{}: a second analysis gives a different report", case.name)),
            Err(panic) => violations.push(format!("{}: the second analysis panicked: {panic}", case.name)),
        }
        for diagnostic in &analysis.diagnostics {
            for fix in &diagnostic.fixes {
                fixes_checked += 1;
                let fixed = sendlens::apply_fix(&case.source, fix);
                match guarded(&fixed, case.edition) {
                    Ok(report) => {
                        for v in report_violations(&fixed, &report) {
                            violations.push(format!("{} after fix `{}`: {v}", case.name, fix.title));
                        }
                    }
                    Err(panic) => {
                        violations.push(format!("{}: analyzing after fix `{}` panicked: {panic}", case.name, fix.title))
                    }
                }
            }
        }
    }
    let mut text = format!(
        "\n== report invariants: {} reports, {fixes_checked} fixes applied, {} violations ==\n",
        evaluated().len(),
        violations.len()
    );
    for v in &violations {
        let _ = writeln!(text, "{v}");
    }
    eprintln!("{text}");
    assert!(violations.is_empty(), "{} report invariant violations (listed above)", violations.len());
}

// ---------------------------------------------------------------------------------------------
// The scorer itself: a bug here would make every figure above meaningless.

#[test]
fn rustc_lines_prefers_notes_in_the_file_then_the_primary_span_then_culprit_lines() {
    let label: Value = serde_json::json!({"errors": [
        {"primary": {"line": 9, "end_line": 14}, "notes": [
            {"line": 11, "end_line": 12},
            {"line": 176, "end_line": 176, "file": "tokio-1.54.1/src/task/spawn.rs"},
            {"line": null, "end_line": null}]},
        {"primary": {"line": 20, "end_line": 21}, "notes": []},
        {"primary": {"line": 30, "end_line": 30}, "notes": [{"line": 31}], "culprit_lines": [33, 35]}
    ]});
    assert_eq!(rustc_lines(&label), BTreeSet::from([11, 12, 20, 21, 33, 35]));
}

#[test]
fn span_positions_count_utf16_units_and_chars() {
    let text = "a\né𝄞x";
    // 'é' is 2 bytes / 1 UTF-16 unit, '𝄞' is 4 bytes / 2 units.
    assert_eq!(position(text, 0), Some((0, 1, 1)));
    assert_eq!(position(text, 2), Some((2, 2, 1)));
    assert_eq!(position(text, 4), Some((3, 2, 2)));
    assert_eq!(position(text, 8), Some((5, 2, 3)));
    assert_eq!(position(text, 3), None, "inside 'é'");
    assert_eq!(position(text, 99), None);
    let good = Span { byte_start: 4, byte_end: 8, start: 3, end: 5, line: 2, col: 2, end_line: 2, end_col: 3 };
    assert_eq!(check_span(text, &good), Ok(()));
    assert!(check_span(text, &Span { end: 4, ..good }).is_err(), "UTF-16 end counted in chars");
    assert!(check_span(text, &Span { col: 4, ..good }).is_err(), "column counted in bytes");
}

// ---------------------------------------------------------------------------------------------
// Robustness: the page analyzes on every keystroke, so half-typed programs are the common input.

/// Every fixture cut at the start and in the middle of each of its lines: `analyze` must neither
/// panic nor report a span that breaks the invariants.
#[test]
fn every_prefix_of_every_fixture_is_handled() {
    let mut failures = Vec::new();
    let mut analyzed = 0;
    for evaluated in evaluated() {
        let case = &evaluated.case;
        let text = case.source.as_str();
        let mut cuts = BTreeSet::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            cuts.insert(line_start);
            let mut middle = line_start + line.len() / 2;
            while !text.is_char_boundary(middle) {
                middle -= 1;
            }
            cuts.insert(middle);
            line_start += line.len();
        }
        for cut in cuts {
            let prefix = &text[..cut];
            analyzed += 1;
            match guarded(prefix, case.edition) {
                Ok(report) => {
                    if let Some(v) = report_violations(prefix, &report).into_iter().next() {
                        failures.push(format!("{} cut at byte {cut}: {v}", case.name));
                    }
                }
                Err(panic) => failures.push(format!("{} cut at byte {cut}: panicked: {panic}", case.name)),
            }
        }
    }
    let mut text = format!("\n== truncated fixtures: {analyzed} prefixes, {} failures ==\n", failures.len());
    for f in failures.iter().take(40) {
        let _ = writeln!(text, "{f}");
    }
    eprintln!("{text}");
    assert!(failures.is_empty(), "{} truncated fixtures not handled (listed above)", failures.len());
}
