//! `sendlens::rustc_output` against the real compiler's output.
//!
//! The fixtures in `tests/rustc_output/out/` are written by rustc 1.95 and cargo 1.95
//! (`tests/rustc_output/make_fixtures.py` says how; nothing there is written by hand). Each
//! program's diagnostics come in several forms; the main test parses them all and checks that
//! they agree:
//! - human (`--error-format=human`) against JSON (`--error-format=json`): the same diagnostics in
//!   the same order, with the same levels, codes, messages, primary spans, children, other spans
//!   (file, start, end, primary, label), quoted source texts, classifications and extracted facts
//!   (types and the positions of the spans they label); differences that are rustc's own (see
//!   [`human_only_child`], [`json_only_span`]) are allowed by name;
//! - human with ANSI colours (`--color=always`), with CRLF line ends, with Windows paths: equal to
//!   the plain human parse;
//! - cargo's human output (with `Checking`/`Finished` lines) against its JSON lines (mixed with
//!   compiler-artifact messages and cargo's status lines, and with ANSI-rendered diagnostics);
//! - nothing unrecognised, and the counts agree with the summaries the compiler printed.
//!
//! `cargo test --test rustc_output -- --nocapture` prints what was compared.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::Config;
use sendlens::rustc_output::{parse, Child, Diagnostic, Kind, Level, Origin, Parsed, Position, Span};

fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rustc_output/out")
}

fn read(name: &str) -> Option<String> {
    std::fs::read_to_string(out_dir().join(name)).ok()
}

/// Fixture names: `NAME` of every `NAME.human.txt` (derived variants have a dot in NAME).
fn names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out_dir())
        .expect("tests/rustc_output/out")
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".human.txt").map(str::to_string))
        .filter(|n| !n.contains('.'))
        .collect();
    names.sort();
    names
}

fn pos(p: Position) -> String {
    format!("{}:{}", p.line, p.col)
}

fn span_key(s: &Span) -> String {
    let end = s.end.map_or("?".to_string(), pos);
    format!("{} {}-{} {} {:?}", s.file, pos(s.start), end, if s.primary { "P" } else { "s" }, s.label)
}

fn at(s: &Span) -> String {
    format!("{}@{}", s.file, pos(s.start))
}

fn level(l: Level) -> String {
    format!("{l:?}")
}

/// Notes the human renderer adds: its macro backtrace summary.
fn human_only_child(child: &Child) -> bool {
    child.message.starts_with("this error originates in the")
        || child.message.starts_with("this warning originates in the")
        || child.message.starts_with("this note originates in the")
}

/// Labels the human renderer adds for macro invocations.
fn human_only_label(span: &Span) -> bool {
    span.label.as_deref().is_some_and(|l| {
        l.starts_with("in this macro invocation") || l.starts_with("in this ") && l.contains("expansion")
    })
}

/// JSON children the human renderer does not show: suggestions meant for tools only (rustc's
/// `CompletelyHidden`/`HideCodeAlways` styles) come out as JSON children whose spans all carry a
/// replacement.
fn is_suggestion(child: &Child) -> bool {
    !child.spans.is_empty() && child.spans.iter().all(|s| s.replacement.is_some())
}

/// A JSON span rustc's human renderer replaces or drops: a span in another crate's macro is shown
/// at its call site (`fix_multispans_in_extern_macros`).
fn json_only_span(span: &Span, human: &[Span]) -> bool {
    !human.iter().any(|h| h.file == span.file) && span.file.contains("/registry/")
}

/// The facts in words, with the positions of the spans they come from.
fn facts(d: &Diagnostic) -> Vec<String> {
    let f = &d.facts;
    let mut out = vec![format!("kind {:?} subject {:?} trait {:?}", d.kind, f.subject, f.auto_trait)];
    for n in &f.not_implemented {
        out.push(format!("not-implemented within {:?} trait {} ty {}", n.within, n.trait_name, n.ty));
    }
    for t in &f.typed_values {
        out.push(format!("typed {} not {} because {:?} at {}", t.ty, t.trait_name, t.because, at(&t.span)));
    }
    for c in &f.captured {
        out.push(format!("captured not {} at {:?}", c.trait_name, c.span.as_ref().map(at)));
    }
    for a in &f.awaits {
        out.push(format!("await {:?} on {:?} at {}", a.binding, a.on_type, at(&a.span)));
    }
    for l in &f.later_drops {
        out.push(format!("later dropped {} at {}", l.name, at(&l.span)));
    }
    for r in &f.required_by {
        out.push(format!("required by {} at {:?}", r.item, r.span.as_ref().map(at)));
    }
    if let Some(h) = &f.handler {
        out.push(format!("handler {h}"));
    }
    if let Some(fut) = &f.future_of {
        out.push(format!("future of {fut}"));
    }
    if let Some(m) = &f.moved {
        out.push(format!(
            "moved {} ty {:?} moved at {:?} used at {:?}",
            m.name,
            m.ty,
            m.moved_at.as_ref().map(at),
            m.used_at.as_ref().map(at)
        ));
    }
    out.sort();
    out
}

/// What [`compare`] compared.
#[derive(Default, Debug)]
struct Compared {
    diagnostics: usize,
    children: usize,
    spans: usize,
    texts: usize,
    facts: usize,
}

/// Differences between the human and the JSON parse of one program's diagnostics.
fn compare(human: &Parsed, json: &Parsed) -> Vec<String> {
    compare_counting(human, json, &mut Compared::default())
}

fn compare_counting(human: &Parsed, json: &Parsed, compared: &mut Compared) -> Vec<String> {
    let mut problems = Vec::new();
    if human.diagnostics.len() != json.diagnostics.len() {
        problems.push(format!("{} human diagnostics, {} JSON", human.diagnostics.len(), json.diagnostics.len()));
    }
    for (i, (h, j)) in human.diagnostics.iter().zip(&json.diagnostics).enumerate() {
        let mut say =
            |what: String| problems.push(format!("#{i} `{}`: {what}", j.message.lines().next().unwrap_or("")));
        compared.diagnostics += 1;
        if (h.level, &h.code, &h.message, h.kind) != (j.level, &j.code, &j.message, j.kind) {
            say(format!(
                "header {:?} {:?} {:?} {:?} != {:?} {:?} {:?} {:?}",
                h.level, h.code, h.message, h.kind, j.level, j.code, j.message, j.kind
            ));
        }
        if h.rendered != j.rendered {
            say(format!("rendered text differs:\n{}\n---\n{}", h.rendered, j.rendered));
        }
        if h.lint.is_some() && h.lint != j.lint {
            say(format!("lint {:?} != {:?}", h.lint, j.lint));
        }
        // Children: every JSON child but tool-only suggestions is shown; every human child is a
        // JSON child (a short suggestion shown inline as `msg: `code`` too).
        let h_children: Vec<&Child> = h.children.iter().filter(|c| !human_only_child(c)).collect();
        for c in &j.children {
            let shown = h_children.iter().any(|hc| hc.level == c.level && hc.message == c.message);
            let inline = h_children.iter().any(|hc| hc.level == c.level && inline_form(c).contains(&hc.message));
            compared.children += usize::from(shown || inline);
            if !shown && !inline && !is_suggestion(c) {
                say(format!("JSON child not in human: {} {:?}", level(c.level), c.message));
            }
        }
        for hc in &h_children {
            let known = j
                .children
                .iter()
                .any(|c| c.level == hc.level && (c.message == hc.message || inline_form(c).contains(&hc.message)));
            if !known {
                say(format!("human child not in JSON: {} {:?}", level(hc.level), hc.message));
            }
        }
        // Spans of the diagnostic and of its non-suggestion children.
        let spans = |d: &Diagnostic| -> Vec<Span> {
            let mut all: Vec<Span> = d.spans.iter().filter(|s| !human_only_label(s)).cloned().collect();
            for c in d.children.iter().filter(|c| !is_suggestion(c) && c.suggestion.is_none()) {
                // Human inline-suggestion children carry the span JSON keeps in a suggestion.
                if c.level == Level::Help
                    && j.children.iter().any(|jc| is_suggestion(jc) && inline_form(jc).contains(&c.message))
                {
                    continue;
                }
                all.extend(c.spans.iter().filter(|s| !human_only_label(s)).cloned());
            }
            all
        };
        let (hs, js) = (spans(h), spans(j));
        let mut unmatched: Vec<&Span> = hs.iter().collect();
        for s in &js {
            if let Some(k) = unmatched.iter().position(|h| same_span(h, s)) {
                let h = unmatched.remove(k);
                compared.spans += 1;
                compared.texts += usize::from(h.text.is_some() && s.text.is_some());
                if let (Some(ht), Some(jt)) = (&h.text, &s.text) {
                    // (An empty span's text is empty; its one-column drawing quotes a character.)
                    if ht != jt && s.end != Some(s.start) {
                        say(format!("text of {}: {:?} != {:?}", span_key(s), ht, jt));
                    }
                }
            } else if !json_only_span(s, &hs) {
                say(format!("JSON span not in human: {}", span_key(s)));
            }
        }
        for h in unmatched {
            say(format!("human span not in JSON: {}", span_key(h)));
        }
        compared.facts += facts(j).len();
        if facts(h) != facts(j) {
            say(format!("facts\n    human {:?}\n    json  {:?}", facts(h), facts(j)));
        }
    }
    problems
}

/// A human span is the JSON span when file, start, primary and label agree and its end (when
/// the human output shows one) does too. rustc draws an empty span one column wide: the human
/// end of a span JSON has empty is one column further (when its label hangs below the span
/// there is no telling).
fn same_span(h: &Span, j: &Span) -> bool {
    let empty = j.end == Some(j.start);
    let end_agrees =
        h.end.is_none() || h.end == j.end || (empty && h.end == Some(Position { col: j.start.col + 1, ..j.start }));
    h.file == j.file && h.start == j.start && h.primary == j.primary && h.label == j.label && end_agrees
}

/// How rustc words a JSON suggestion child when it shows it inline as a label: `msg: `code``,
/// or `msg` alone when the code is empty.
fn inline_form(c: &Child) -> Vec<String> {
    let mut forms = vec![c.message.clone()];
    if let [span] = c.spans.as_slice() {
        if let Some(r) = &span.replacement {
            let r = r.trim();
            if !r.is_empty() {
                forms.push(format!("{}: `{}`", c.message, r));
            }
        }
    }
    forms
}

/// Checks that hold for every parse of a fixture.
fn sound(name: &str, parsed: &Parsed) -> Vec<String> {
    let mut problems = Vec::new();
    if parsed.lines.unrecognised > 0 {
        problems.push(format!(
            "{name}: {} unrecognised lines at {:?}",
            parsed.lines.unrecognised, parsed.lines.unrecognised_at
        ));
    }
    let s = &parsed.summary;
    if let Some(stated) = s.stated_errors {
        if stated != s.errors {
            problems.push(format!("{name}: the compiler says {stated} errors, {} parsed", s.errors));
        }
    }
    if let Some(stated) = s.stated_warnings {
        if stated != s.warnings {
            problems.push(format!("{name}: the compiler says {stated} warnings, {} parsed", s.warnings));
        }
    }
    for d in &parsed.diagnostics {
        if d.rendered.is_empty() && d.origin != Origin::Json {
            problems.push(format!("{name}: `{}` has no rendered text", d.message));
        }
        for s in d.spans.iter().chain(d.children.iter().flat_map(|c| &c.spans)) {
            if s.start.line == 0 || s.start.col == 0 || s.end.is_some_and(|e| e < s.start) {
                problems.push(format!("{name}: span {} out of order", span_key(s)));
            }
        }
    }
    problems
}

/// The parse of a Windows-path variant, with the paths made the originals again.
fn unwindows(mut parsed: Parsed, program: &str) -> Parsed {
    let fix = |s: &str| -> String {
        let s = s.replace(&format!("src\\{program}"), program);
        let s = s.replace("C:\\Users\\dev\\", "/root/").replace("C:\\rustc\\", "/rustc/");
        // Only paths hold backslashes in these fixtures' messages.
        s.replace('\\', "/")
    };
    let fix_span = |s: &mut Span| {
        s.file = fix(&s.file);
        s.label = s.label.as_deref().map(fix);
    };
    for d in &mut parsed.diagnostics {
        d.message = fix(&d.message);
        d.rendered = fix(&d.rendered);
        d.spans.iter_mut().for_each(fix_span);
        for c in &mut d.children {
            c.message = fix(&c.message);
            c.spans.iter_mut().for_each(fix_span);
        }
        sendlens::rustc_output::classify(d);
    }
    parsed
}

#[test]
fn human_and_json_agree() {
    let mut report = String::new();
    let mut problems = Vec::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut compared = Compared::default();
    let names = names();
    assert!(names.len() >= 50, "fixtures missing: {} programs", names.len());
    for name in &names {
        let human_text = read(&format!("{name}.human.txt")).expect("human output");
        let human = parse(&human_text);
        problems.extend(sound(&format!("{name}.human.txt"), &human));
        let json_name = format!("{name}.json");
        let json = parse(&read(&json_name).expect("JSON output"));
        problems.extend(sound(&json_name, &json));
        for p in compare_counting(&human, &json, &mut compared) {
            problems.push(format!("{name}: {p}"));
        }
        for d in &json.diagnostics {
            *kinds.entry(format!("{:?}", d.kind)).or_default() += 1;
        }
        // Forms that must give the plain human parse exactly.
        let ansi = parse(&read(&format!("{name}.ansi.txt")).expect("ANSI output"));
        if ansi != human {
            problems.push(format!("{name}: the ANSI output parses differently"));
        }
        if human_text.contains('\x1b') {
            problems.push(format!("{name}: the plain output has escape codes"));
        }
        if let Some(crlf) = read(&format!("{name}.crlf.human.txt")) {
            if parse(&crlf) != human {
                problems.push(format!("{name}: the CRLF output parses differently"));
            }
            let crlf_json = parse(&read(&format!("{name}.crlf.json")).expect("CRLF JSON"));
            if crlf_json != json {
                problems.push(format!("{name}: the CRLF JSON parses differently"));
            }
        }
        if let Some(windows) = read(&format!("{name}.windows.human.txt")) {
            let program = if name.starts_with("cargo_") { String::new() } else { format!("{name}.rs") };
            let windows = unwindows(parse(&windows), &program);
            let windows_json =
                unwindows(parse(&read(&format!("{name}.windows.json")).expect("Windows JSON")), &program);
            for p in compare(&windows, &json).into_iter().chain(compare(&human, &windows_json)) {
                problems.push(format!("{name} (Windows paths): {p}"));
            }
        }
        if let Some(json_ansi) = read(&format!("{name}.json-ansi.json")) {
            let json_ansi = parse(&json_ansi);
            for p in compare(&human, &json_ansi) {
                problems.push(format!("{name} (JSON with ANSI): {p}"));
            }
            let rendered = |p: &Parsed| p.diagnostics.iter().map(|d| d.rendered.clone()).collect::<Vec<_>>();
            if rendered(&json_ansi) != rendered(&json) {
                problems.push(format!("{name}: ANSI-rendered JSON differs from plain JSON in `rendered`"));
            }
        }
        writeln!(
            report,
            "{name}: {} diagnostics ({} errors, {} warnings), {} human lines, {} JSON lines",
            json.diagnostics.len(),
            json.summary.errors,
            json.summary.warnings,
            human.lines.total,
            json.lines.total
        )
        .unwrap();
    }
    writeln!(report, "kinds: {kinds:?}").unwrap();
    writeln!(report, "human against JSON: {compared:?}").unwrap();
    println!("{report}");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

fn fixture(name: &str) -> Parsed {
    parse(&read(name).unwrap_or_else(|| panic!("fixture {name}")))
}

/// The one-line form (`--error-format=short`, `--message-format=short`): each line is a JSON
/// diagnostic's level, code, primary start and message (followed by its primary labels).
/// cargo prints each distinct short line once, so counts are not compared.
#[test]
fn short_form_agrees_with_json() {
    let mut checked = 0;
    for entry in std::fs::read_dir(out_dir()).unwrap().flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        let Some(name) = file.strip_suffix(".short.txt") else { continue };
        let short = fixture(&file);
        let json = fixture(&format!("{name}.json"));
        assert_eq!(short.lines.unrecognised, 0, "{file}: unrecognised lines at {:?}", short.lines.unrecognised_at);
        assert!(!short.diagnostics.is_empty(), "{file}");
        for d in &short.diagnostics {
            assert_eq!(d.origin, Origin::Short);
            let start = d.spans[0].start;
            let found = json.diagnostics.iter().find(|j| {
                j.level == d.level
                    && j.code == d.code
                    && d.message.starts_with(&j.message)
                    && j.spans.iter().find(|s| s.primary).map(|s| s.start) == Some(start)
            });
            let j = found.unwrap_or_else(|| panic!("{file}: no JSON diagnostic for {:?}", d.message));
            assert_eq!((d.kind, &d.facts.subject), (j.kind, &j.facts.subject), "{file}: {}", d.message);
            checked += 1;
        }
        assert_eq!(short.summary.stated_errors, json.summary.stated_errors.or(short.summary.stated_errors), "{file}");
    }
    assert!(checked >= 15, "{checked} short lines checked");
}

/// The facts sendlens reads, on fixtures where they are known.
#[test]
fn facts_of_known_fixtures() {
    // A value captured by a task (d001).
    let p = fixture("d001_seed_rc-refcell-counter.human.txt");
    let d = &p.diagnostics[0];
    assert_eq!(d.kind, Kind::FutureNotSend);
    assert_eq!(d.facts.auto_trait.as_deref(), Some("Send"));
    assert_eq!(d.facts.not_implemented[0].ty, "Rc<RefCell<i32>>");
    assert_eq!(
        d.facts.not_implemented[0].within.as_deref(),
        Some("{async block@d001_seed_rc-refcell-counter.rs:9:30: 9:40}")
    );
    let captured = d.facts.captured[0].span.as_ref().unwrap();
    assert_eq!((captured.start, captured.text.as_deref()), (Position { line: 11, col: 14 }, Some("counter")));
    assert_eq!(d.facts.typed_values[0].ty, "Rc<RefCell<i32>>");
    assert_eq!(d.facts.required_by[0].item, "tokio::spawn");
    assert_eq!(d.spans[0].start, Position { line: 9, col: 18 });
    assert_eq!(d.spans[0].end, Some(Position { line: 14, col: 7 }));

    // A guard held across an await, in a cargo project's module (`db::Conn<'_>`).
    let p = fixture("cargo_multi_file.human.txt");
    assert_eq!(p.lines.cargo_status, 1);
    assert_eq!((p.summary.stated_errors, p.summary.stated_warnings), (Some(4), Some(1)));
    assert_eq!(p.summary.failed_crates, vec!["multi_file".to_string()]);
    assert_eq!(p.summary.explained_codes, vec!["E0382".to_string()]);
    let held =
        p.diagnostics.iter().find(|d| d.facts.awaits.iter().any(|a| a.binding.as_deref() == Some("conn"))).unwrap();
    assert_eq!(held.facts.typed_values[0].ty, "Conn<'_>");
    assert_eq!(at(&held.facts.typed_values[0].span), "src/main.rs@9:13");
    assert_eq!(at(&held.facts.awaits[0].span), "src/main.rs@10:40");
    let by_ref = p.diagnostics.iter().find(|d| d.facts.typed_values.iter().any(|t| t.because.is_some())).unwrap();
    let t = &by_ref.facts.typed_values[0];
    assert_eq!(
        (t.ty.as_str(), t.because.as_deref(), at(&t.span)),
        ("&Conn<'_>", Some("Conn<'_>"), "src/db.rs@16:24".to_string())
    );
    assert_eq!(by_ref.facts.not_implemented[0].within.as_deref(), Some("Conn<'_>"));
    let moved = p.diagnostics.iter().find(|d| d.kind == Kind::UseAfterMove).unwrap();
    let m = moved.facts.moved.as_ref().unwrap();
    assert_eq!((m.name.as_str(), m.ty.as_deref()), ("shared", Some("Arc<Vec<String>>")));
    assert_eq!(m.moved_at.as_ref().map(at).as_deref(), Some("src/jobs.rs@5:37"));
    assert_eq!(m.used_at.as_ref().map(at).as_deref(), Some("src/jobs.rs@6:20"));
    let warning = p.diagnostics.iter().find(|d| d.level == Level::Warning).unwrap();
    assert_eq!(warning.lint.as_deref(), Some("unused_variables"));

    // axum handlers and middleware.
    for (name, handler, required) in [
        ("d132_handlers_axum-std-guard-held-over-sleep.human.txt", "append", "post"),
        ("d134_handlers_axum-rc-refcell-local-list.human.txt", "list_users", "axum::routing::get"),
        ("axum_from_fn_middleware.human.txt", "audit", "Router::<S>::layer"),
    ] {
        let d = &fixture(name).diagnostics[0];
        assert_eq!((d.kind, d.facts.handler.as_deref()), (Kind::AxumHandler, Some(handler)), "{name}");
        assert_eq!(d.facts.required_by[0].item, required, "{name}");
    }
    let p = fixture("cargo_axum_app.human.txt");
    assert_eq!(p.diagnostics.iter().filter_map(|d| d.facts.handler.as_deref()).collect::<Vec<_>>(), ["append"]);
    assert_eq!(p.diagnostics[0].facts.subject.as_deref(), Some("items"));

    // The borrow errors.
    let subject = |name: &str| {
        let d = &fixture(name).diagnostics[0];
        (d.kind, d.facts.subject.clone().unwrap_or_default())
    };
    assert_eq!(subject("e0310_param_may_not_live_long_enough.json"), (Kind::ParamMayNotLiveLongEnough, "T".into()));
    assert_eq!(subject("e0521_borrowed_data_escapes.json"), (Kind::BorrowedDataEscapes, "function".into()));
    assert_eq!(subject("e0502_mut_borrow_conflict.json"), (Kind::MutableBorrowConflict, "scores".into()));
    assert_eq!(subject("d043_non-move-borrow_thread-spawn-vec.json"), (Kind::BorrowMayOutlive, "v".into()));
    assert_eq!(subject("d045_non-move-borrow_tokio-string-ref.json"), (Kind::DoesNotLiveLongEnough, "greeting".into()));
    assert_eq!(subject("e0382_use_after_move.human.txt"), (Kind::UseAfterMove, "names".into()));
    assert_eq!(subject("d007_rc-capture_thread-spawn-rc.human.txt"), (Kind::CannotBeSent, "Rc<String>".into()));
    assert_eq!(subject("d014_refcell-arc_arc-cell-thread.human.txt"), (Kind::CannotBeShared, "Cell<i32>".into()));

    // A future that must be `Sync`.
    let d = &fixture("future_not_shared.human.txt").diagnostics[0];
    assert_eq!((d.kind, d.facts.auto_trait.as_deref()), (Kind::FutureNotShared, Some("Sync")));
    assert_eq!(d.facts.typed_values[0].trait_name, "Sync");
    assert_eq!(d.facts.awaits[0].binding.as_deref(), Some("counter"));

    // "future returned by `f` is not `Send`".
    let p = fixture("d060_async-fn-spawned_future-in-variable.human.txt");
    assert!(p.diagnostics[0].facts.future_of.is_some(), "{:?}", p.diagnostics[0].spans);

    // A std function whose source rustc does not show: location only, column made 1-based.
    let d = &fixture("d007_rc-capture_thread-spawn-rc.human.txt").diagnostics[0];
    let spawn = d.facts.required_by[0].span.as_ref().unwrap();
    assert_eq!((spawn.start, spawn.end), (Position { line: 125, col: 1 }, None));
    assert!(spawn.file.ends_with("library/std/src/thread/functions.rs"));
}

/// Columns the drawing hides, recovered from the `-->` line.
#[test]
fn columns_under_tabs_cuts_and_wide_characters() {
    // Tab indentation: `\ttokio::spawn(` is column 2.
    let p = fixture("tabs_and_unicode.human.txt");
    assert_eq!(p.diagnostics[0].spans[0].start, Position { line: 8, col: 2 });
    assert_eq!(p.diagnostics[0].spans[0].end, Some(Position { line: 11, col: 4 }));
    assert_eq!(p.diagnostics[0].facts.captured[0].span.as_ref().unwrap().text.as_deref(), Some("données"));
    // Lines cut on the left (`...`) because of deep indentation.
    let p = fixture("deep_indent.human.txt");
    assert_eq!(p.diagnostics[0].spans[0].start, Position { line: 16, col: 33 });
    let typed = &p.diagnostics[0].facts.typed_values[0].span;
    assert_eq!((typed.start, typed.text.as_deref()), (Position { line: 17, col: 41 }, Some("g")));
    // A long line cut on both sides: the secondary label's column follows the primary's shift.
    let p = fixture("long_line.human.txt");
    let d = &p.diagnostics[0];
    assert_eq!(at(&d.facts.awaits[0].span), "long_line.rs@8:137");
    assert_eq!(at(&d.facts.typed_values[0].span), "long_line.rs@8:43");
}

/// A second file in one diagnostic (`::: src/shapes.rs:1:1`) and a bound of the user's own
/// function in another module.
#[test]
fn spans_in_other_files() {
    let p = fixture("cargo_two_files.human.txt");
    assert_eq!(p.summary.explained_codes, ["E0277", "E0308", "E0599"]);
    let no_method = &p.diagnostics[1];
    let other = no_method.spans.iter().find(|s| s.file == "src/shapes.rs").unwrap();
    assert_eq!((other.start, other.primary), (Position { line: 1, col: 1 }, false));
    assert_eq!(other.label.as_deref(), Some("method `perimeter` not found for this struct"));
    assert_eq!(other.text.as_deref(), Some("pub struct Circle"));
    let not_send = &p.diagnostics[2];
    assert_eq!((not_send.kind, not_send.facts.subject.as_deref()), (Kind::CannotBeSent, Some("Rc<f64>")));
    let bound = &not_send.facts.required_by[0];
    assert_eq!(
        (bound.item.as_str(), bound.span.as_ref().map(at)),
        ("run_in_background", Some("src/shapes.rs@15:29".to_string()))
    );
    let help = not_send.children.iter().find(|c| c.message == "consider dereferencing here").unwrap();
    assert_eq!(help.suggestion.as_deref(), Some("    shapes::run_in_background(*shared);"));
}

/// Older rustc (before the MIR-based coroutine analysis) also labelled where a held value is
/// dropped; the Tokio tutorial still shows such output and people paste it. (Written after that
/// output: rustc 1.95 no longer prints the label.)
#[test]
fn older_rustc_later_dropped_label() {
    let text = "error: future cannot be sent between threads safely\n   --> src/lib.rs:13:5\n    |\n13  |     tokio::spawn(async move {\n    |     ^^^^^^^^^^^^ future created by async block is not `Send`\n    |\nnote: future is not `Send` as this value is used across an await\n   --> src/lib.rs:7:5\n    |\n4   |     let mut lock: MutexGuard<i32> = mutex.lock().unwrap();\n    |         -------- has type `std::sync::MutexGuard<'_, i32>` which is not `Send`\n...\n7   |     do_something_async().await;\n    |     ^^^^^^^^^^^^^^^^^^^^^^^^^^ await occurs here, with `mut lock` maybe used later\n8   | }\n    | - `mut lock` is later dropped here\n";
    let p = parse(text);
    assert_eq!(p.lines.unrecognised, 0);
    let f = &p.diagnostics[0].facts;
    assert_eq!(f.later_drops[0].name, "lock");
    assert_eq!(
        (f.later_drops[0].span.start, f.later_drops[0].span.text.as_deref()),
        (Position { line: 8, col: 1 }, Some("}"))
    );
    assert_eq!(f.awaits[0].binding.as_deref(), Some("lock"));
    assert_eq!(f.awaits[0].span.end, Some(Position { line: 7, col: 31 }));
    assert_eq!(f.typed_values[0].span.text.as_deref(), Some("mut lock"));
}

/// rustc prints the labels of a file whose source it cannot read (std without rust-src) as
/// `= note:` lines under the location, after a `|` line (its emitter's `draw_col_separator` and
/// `draw_note_separator`); a span-less child has no `|` before it. Written after the emitter's
/// code: the fixtures' std spans carry no labels.
#[test]
fn labels_of_files_without_source() {
    let text = "error[E0277]: `Rc<i32>` cannot be sent between threads safely\n  --> src/main.rs:5:5\n   |\n5  |     std::thread::spawn(move || r);\n   |     ^^^^^^^^^^^^^^^^^^ `Rc<i32>` cannot be sent between threads safely\n   |\nnote: required by a bound in `spawn`\n  --> /rustc/abc/library/std/src/thread/mod.rs:680:8\n   |\n   = note: required by this bound in `spawn`\n   = note: the full name for the type has been written to 'x.txt'\n";
    let p = parse(text);
    let d = &p.diagnostics[0];
    assert_eq!(d.children.len(), 2, "{:?}", d.children);
    let span = &d.children[0].spans[0];
    assert_eq!(
        (span.start, span.end, span.label.as_deref()),
        (Position { line: 680, col: 9 }, None, Some("required by this bound in `spawn`"))
    );
    assert_eq!(d.facts.required_by[0].item, "spawn");
}

/// cargo's JSON on stdout mixed with its status lines on stderr, as `2>&1` gives them.
#[test]
fn cargo_json_stream() {
    let p = fixture("cargo_multi_file.json");
    assert_eq!(p.lines.unrecognised, 0);
    assert!(p.lines.json_other > 10, "compiler-artifact lines are counted: {:?}", p.lines);
    assert_eq!(p.lines.cargo_status, 1);
    assert_eq!(p.summary.build_success, Some(false));
    assert_eq!((p.summary.errors, p.summary.warnings), (4, 1));
    assert_eq!(p.summary.stated_errors, Some(4));
    assert!(p.diagnostics.iter().all(|d| d.origin == Origin::Json && !d.rendered.is_empty()));
    let ok = fixture("cargo_warnings.json");
    assert_eq!(ok.summary.build_success, Some(true));
    assert_eq!((ok.summary.errors, ok.summary.warnings), (0, 4));
}

/// What a paste does to the text: lost escape characters, an indented or fenced block, human
/// and JSON output in one text.
#[test]
fn pasted_variations() {
    type Summary = (Level, Option<String>, String, Kind, Vec<String>);
    let strip = |p: Parsed| -> Vec<Summary> {
        p.diagnostics.iter().map(|d| (d.level, d.code.clone(), d.message.clone(), d.kind, facts(d))).collect()
    };
    for name in [
        "d019_guard-across-await_std-mutex-sleep",
        "multi_error",
        "d007_rc-capture_thread-spawn-rc",
        "e0310_param_may_not_live_long_enough",
    ] {
        let human = read(&format!("{name}.human.txt")).unwrap();
        let plain = strip(parse(&human));
        let ansi = read(&format!("{name}.ansi.txt")).unwrap();
        assert_eq!(strip(parse(&ansi.replace('\x1b', ""))), plain, "{name}: escape characters lost");
        let indented: String = human.lines().map(|l| format!("    {l}\n")).collect();
        assert_eq!(strip(parse(&indented)), plain, "{name}: indented");
        let fenced = format!("```text\n{human}```\n");
        let p = parse(&fenced);
        assert_eq!(p.lines.fences, 2);
        assert_eq!(strip(p), plain, "{name}: fenced");
        let json = read(&format!("{name}.json")).unwrap();
        let both = parse(&format!("{human}{json}"));
        assert_eq!(both.diagnostics.len(), 2 * plain.len(), "{name}: human then JSON");
        assert_eq!(both.lines.unrecognised, 0);
    }
}

/// Invariants of any parse.
fn check_invariants(input: &str, parsed: &Parsed) {
    let lines = if input.is_empty() { 0 } else { input.strip_suffix('\n').unwrap_or(input).split('\n').count() };
    assert_eq!(parsed.lines.total, lines);
    let l = &parsed.lines;
    let counted =
        l.human + l.json_diagnostics + l.json_other + l.cargo_status + l.summary + l.blank + l.fences + l.unrecognised;
    assert!(counted <= l.total, "{l:?}");
    assert!(l.unrecognised_at.len() <= 20 && l.unrecognised_at.len() <= l.unrecognised);
    let errors =
        parsed.diagnostics.iter().filter(|d| matches!(d.level, Level::Error | Level::InternalCompilerError)).count();
    assert_eq!(errors, parsed.summary.errors);
    for d in &parsed.diagnostics {
        assert!(d.input_line >= 1 && d.input_line <= lines.max(1));
        for s in d.spans.iter().chain(d.children.iter().flat_map(|c| &c.spans)) {
            assert!(s.start.col >= 1 || d.origin != Origin::Human, "{s:?}");
        }
    }
}

/// Text that looks like compiler output: gutter rows, marks, multi-line drawings, headers.
const PIECES: &[&str] = &[
    "error[E0277]: `Rc<i32>` cannot be sent between threads safely\n",
    "error: future cannot be sent between threads safely\n",
    "  --> src/main.rs:9:18\n",
    "   ::: C:\\x\\y.rs:3\n",
    "   |\n",
    " 9 |       let h = tokio::spawn(async move {\n",
    "   |  _____________^\n",
    "   |  ____-----_^\n",
    "10 | |         x\n",
    "   | |_____^ label\n",
    "   |     ^^^^ has type `Rc<i32>` which is not `Send`\n",
    "   |     ---- ^^^ ---^^^--\n",
    "   |     |    |\n",
    "   |     |    await occurs here, with `x` maybe used later\n",
    "...\n",
    "... |\n",
    "   = note: required by a bound in `tokio::spawn`\n",
    "              continued\n",
    "note: captured value is not `Send`\n",
    "help: consider\n",
    " 6 ~     let value = x.clone();\n",
    "   |         +++\n",
    "\n",
    "{\"reason\":\"compiler-message\",\"message\":{\"message\":\"m\",\"level\":\"error\",\"spans\":[],\"children\":[]}}\n",
    "{\"$message_type\":\"diagnostic\",\"message\":\"aborting due to 1 previous error\",\"level\":\"error\",\"spans\":[]}\n",
    "{\"reason\":\"compiler-artifact\"}\n",
    "{{{{\n",
    "\x1b[1m\x1b[91merror\x1b[0m: x\n",
    "[0m[1m",
    "\r\n",
    "\t",
    "日本",
    "\u{301}",
    "|",
    "^",
    "_",
    "-",
    "/",
    " ",
    "`",
    ": ",
    "src/a.rs:1:2: error: x\n",
    "    Checking x v0.1.0\n",
    "warning: `x` (bin \"x\") generated 1 warning\n",
    "error: could not compile `x` (bin \"x\") due to 1 previous error\n",
    "For more information about this error, try `rustc --explain E0277`.\n",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![3 => prop::sample::select(PIECES).prop_map(str::to_string), 1 => ".{0,12}"],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

/// A fixture with a few slices deleted, duplicated or replaced by pieces.
fn mutated() -> impl Strategy<Value = String> {
    let names = names();
    (
        prop::sample::select(names),
        prop::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..4usize, prop::sample::select(PIECES)),
            1..8,
        ),
    )
        .prop_map(|(name, edits)| {
            let form = if name.len() % 2 == 0 { "human.txt" } else { "json" };
            let mut text: Vec<char> = read(&format!("{name}.{form}")).unwrap_or_default().chars().collect();
            for (a, b, op, piece) in edits {
                if text.is_empty() {
                    text.extend(piece.chars());
                    continue;
                }
                let (i, j) = (a.index(text.len()), b.index(text.len()));
                let (lo, hi) = (i.min(j), i.max(j).min(i.min(j) + 200));
                match op {
                    0 => {
                        text.drain(lo..hi);
                    }
                    1 => {
                        let copy: Vec<char> = text[lo..hi].to_vec();
                        text.splice(lo..lo, copy);
                    }
                    _ => {
                        text.splice(lo..hi, piece.chars());
                    }
                }
            }
            text.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(Config { cases: 400, failure_persistence: None, ..Config::default() })]

    #[test]
    fn any_text_parses(text in ".{0,400}") {
        check_invariants(&text, &parse(&text));
    }

    #[test]
    fn output_like_soup_parses(text in soup()) {
        check_invariants(&text, &parse(&text));
    }

    #[test]
    fn mutated_fixtures_parse(text in mutated()) {
        check_invariants(&text, &parse(&text));
    }
}

/// Pseudo-random lines built from the pieces (a fixed seed: the same text every run).
fn random_lines(bytes: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut text = String::with_capacity(bytes + 200);
    while text.len() < bytes {
        let r = next();
        let piece = PIECES[(r % PIECES.len() as u64) as usize];
        text.push_str(piece);
        if r % 5 == 0 {
            text.push('\n');
        }
    }
    text
}

fn timed(what: &str, text: &str) -> f64 {
    let start = Instant::now();
    let parsed = parse(text);
    let secs = start.elapsed().as_secs_f64();
    check_invariants(text, &parsed);
    println!("{what}: {} bytes, {} diagnostics, {:.3} s", text.len(), parsed.diagnostics.len(), secs);
    secs
}

/// Time grows with the input, not faster: 1 MB of output-like lines parses well under a second
/// (in a debug build), and shapes that would be quadratic for a careless parser (one huge
/// underline, thousands of connectors, deep nesting) take no longer per byte.
#[test]
fn linear_time_on_large_inputs() {
    let one = random_lines(1 << 20, 0x9e37_79b9_7f4a_7c15);
    let small = timed("1 MB of output-like lines", &one);
    assert!(small < 1.0, "1 MB took {small:.3} s");
    let four = random_lines(4 << 20, 0x9e37_79b9_7f4a_7c15);
    let large = timed("4 MB of output-like lines", &four);
    assert!(large < 4.0 * small * 2.0 + 0.2, "4 MB took {large:.3} s, 1 MB {small:.3} s");

    let wide = 1 << 19;
    let hostile = [
        (
            "one long underline",
            format!("error: x\n --> a.rs:1:1\n  |\n1 | {}\n  | {}\n", "a".repeat(wide), "^ ".repeat(wide / 2)),
        ),
        (
            "connectors under many runs",
            format!(
                "error: x\n --> a.rs:1:1\n  |\n1 | {}\n  | {}\n{}",
                "a".repeat(2000),
                "- ".repeat(1000),
                format!("  | {}\n", "| ".repeat(1000)).repeat(250)
            ),
        ),
        (
            "many multi-line spans",
            format!("error: x\n --> a.rs:1:1\n  |\n{}", "1 | x\n  |  _^\n2 | | y\n  | |_^ l\n".repeat(wide / 30)),
        ),
        (
            "deep bars",
            format!("error: x\n --> a.rs:1:1\n  |\n{}", format!("  | {}_^\n", "| ".repeat(8)).repeat(wide / 30)),
        ),
        (
            "alternating marks",
            format!("error: x\n --> a.rs:1:1\n  |\n1 | {}\n  | {}\n", "a".repeat(wide), "^-".repeat(wide / 2)),
        ),
        ("one JSON line", format!("{{\"message\":\"{}\",\"level\":\"error\",\"spans\":[]}}\n", "x".repeat(wide * 2))),
        ("open braces", "{".repeat(wide * 2)),
        ("colons", format!("{}\n", "a: ".repeat(wide / 2))),
        (
            "braces in a message",
            format!("error[E0277]: the trait bound `fn() {}: Handler<_, _>` is not satisfied\n", "{".repeat(wide)),
        ),
        ("help labels", format!("error: x\n --> a.rs:1:1\n  |\n{}", "1 | x\n  | ^ help: y: `z`\n".repeat(wide / 30))),
        (
            "warnings of many crates",
            (0..wide / 60).map(|i| format!("warning: `c{i}` (lib) generated 1 warning\n")).collect(),
        ),
    ];
    for (what, text) in &hostile {
        let secs = timed(what, text);
        assert!(secs < 1.0 + 2.0 * small * text.len() as f64 / one.len() as f64, "{what}: {secs:.3} s");
    }
}
