//! End-to-end tests of the `sendlens` binary: arguments, exit codes, output formats and how
//! unreadable input is reported. The analysis itself is tested elsewhere (conformance); here the
//! only diagnostics relied on are syntax errors, which the analyzer reports on any input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const VALID: &str = "fn main() {\n    println!(\"hello\");\n}\n";
/// `move async` instead of `async move`: a syntax error on line 3.
const SYNTAX_ERROR: &str = "#[tokio::main]\nasync fn main() {\n    let h = tokio::spawn(move async {\n        println!(\"hi\");\n    });\n    h.await.unwrap();\n}\n";

/// A fresh folder per test (tests run in parallel), removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("sendlens-cli-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write temp file");
        path.to_string_lossy().into_owned()
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sendlens(args: &[&str]) -> Output {
    sendlens_with_stdin(args, b"")
}

fn sendlens_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendlens"))
        .args(args)
        .env_remove("CLICOLOR_FORCE") // output must be plain for the assertions below
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sendlens");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    child.wait_with_output().expect("wait for sendlens")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally, not by a signal")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn error_count(report: &Value) -> usize {
    report["diagnostics"].as_array().expect("diagnostics array").iter().filter(|d| d["severity"] == "error").count()
}

#[test]
fn a_valid_file_exits_0_and_a_syntax_error_exits_1() {
    let dir = TempDir::new();
    let good = dir.file("good.rs", VALID);
    let bad = dir.file("bad.rs", SYNTAX_ERROR);
    let out = sendlens(&[&good]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert_eq!(code(&sendlens(&[&bad])), 1);
    assert_eq!(code(&sendlens(&[&good, &bad])), 1, "any error among several files gives 1");
}

#[test]
fn an_empty_file_is_valid() {
    let dir = TempDir::new();
    let empty = dir.file("empty.rs", "");
    let out = sendlens(&["--json", &empty]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["diagnostics"], Value::Array(vec![]));
}

#[test]
fn a_syntax_error_is_drawn_as_a_frame_with_the_source_line() {
    let dir = TempDir::new();
    let bad = dir.file("bad.rs", SYNTAX_ERROR);
    let out = sendlens(&[&bad]);
    let text = stdout(&out);
    assert!(text.contains("error[syntax]: "), "{text}");
    assert!(text.contains(&format!("--> {bad}:3:")), "location line names file, line 3:\n{text}");
    assert!(text.contains("3 |     let h = tokio::spawn(move async {"), "source line shown:\n{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with('|') && l.contains('^')), "primary marker:\n{text}");
    assert!(!text.contains('\x1b'), "no color codes when stdout is not a terminal:\n{text:?}");
    assert!(text.contains("1 error"), "summary line:\n{text}");
}

#[test]
fn json_for_one_file_is_exactly_the_analysis() {
    let dir = TempDir::new();
    let bad = dir.file("bad.rs", SYNTAX_ERROR);
    let out = sendlens(&["--json", &bad]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert_eq!(text.trim_end().lines().count(), 1, "one JSON document:\n{text}");
    let report: Value = serde_json::from_str(&text).expect("JSON report");
    let analysis: sendlens::Analysis = serde_json::from_value(report.clone()).expect("the library's Analysis shape");
    assert_eq!(analysis, sendlens::analyze(SYNTAX_ERROR, &sendlens::Options::default()), "same as the library");
    assert!(report.get("file").is_none(), "no `file` field for a single file");
    assert_eq!(report["version"], sendlens::VERSION);

    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["rule"], "syntax");
    assert_eq!(diagnostic["severity"], "error");
    for key in ["message", "labels", "notes", "help", "fixes"] {
        assert!(diagnostic.get(key).is_some(), "diagnostic has `{key}`: {diagnostic}");
    }
    let span = &diagnostic["labels"][0]["span"];
    for key in ["byteStart", "byteEnd", "start", "end", "line", "col", "endLine", "endCol"] {
        assert!(span[key].is_u64(), "span has numeric camelCase `{key}`: {span}");
    }
    assert_eq!(span["line"], 3);
    assert_eq!(diagnostic["labels"][0]["primary"], true);
}

#[test]
fn json_for_several_files_is_json_lines_with_the_file_name() {
    let dir = TempDir::new();
    let good = dir.file("good.rs", VALID);
    let bad = dir.file("bad.rs", SYNTAX_ERROR);
    let out = sendlens(&["--json", &good, &bad]);
    assert_eq!(code(&out), 1);
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], good.as_str());
    assert_eq!(error_count(&lines[0]), 0);
    assert_eq!(lines[1]["file"], bad.as_str());
    assert_eq!(error_count(&lines[1]), 1);
    assert_eq!(lines[1]["version"], sendlens::VERSION);
}

#[test]
fn a_dash_reads_standard_input() {
    let out = sendlens_with_stdin(&["--json", "-"], SYNTAX_ERROR.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["diagnostics"][0]["labels"][0]["span"]["line"], 3);

    let out = sendlens_with_stdin(&["-"], VALID.as_bytes());
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("0 errors"));
}

#[test]
fn the_edition_flag_is_accepted_and_validated() {
    let dir = TempDir::new();
    let good = dir.file("good.rs", VALID);
    for args in [vec!["--edition", "2024", &good], vec!["--edition=2021", &good], vec![&good, "--edition", "2024"]] {
        let out = sendlens(&args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    let out = sendlens(&["--edition", "2018", &good]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("2018"), "{}", stderr(&out));
    assert_eq!(code(&sendlens(&["--edition"])), 2);
}

#[test]
fn the_edition_reaches_the_analyzer() {
    // rustc rejects this in edition 2021 and accepts it in 2024 (the `if let` scrutinee's guard
    // lives into the `else` branch only in 2021). Whatever the analyzer concludes, the CLI must
    // report exactly what the library reports for the requested edition, 2021 by default.
    let source = include_str!("fixtures/corpus/cases/d114_temporary-scope_if-let-else-await.rs");
    let dir = TempDir::new();
    let file = dir.file("edition.rs", source);
    for (flags, edition) in [
        (vec![], sendlens::Edition::E2021),
        (vec!["--edition", "2021"], sendlens::Edition::E2021),
        (vec!["--edition", "2024"], sendlens::Edition::E2024),
    ] {
        let out = sendlens(&[&["--json"][..], &flags, &[&file]].concat());
        let analysis: sendlens::Analysis = serde_json::from_slice(&out.stdout).expect("JSON report");
        assert_eq!(analysis, sendlens::analyze(source, &sendlens::Options { edition }), "flags {flags:?}");
    }
}

#[test]
fn unreadable_inputs_exit_2_naming_the_file_while_the_others_are_still_reported() {
    let dir = TempDir::new();
    let good = dir.file("good.rs", VALID);
    let bad = dir.file("bad.rs", SYNTAX_ERROR);
    let binary = dir.file("latin1.rs", b"fn main() { let s = \"caf\xe9\"; }\n");
    let missing = dir.path().join("missing.rs").to_string_lossy().into_owned();
    let folder = dir.path().to_string_lossy().into_owned();

    let out = sendlens(&["--json", &binary, &good, &folder, &missing, &bad]);
    assert_eq!(code(&out), 2, "I/O problems win over found errors");
    let err = stderr(&out);
    assert!(err.contains(&binary) && err.contains("UTF-8"), "{err}");
    assert!(err.contains(&missing), "{err}");
    assert!(err.contains(&format!("{folder}: ")) && err.contains("directory"), "{err}");
    let files: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON line")["file"].as_str().expect("file").to_string())
        .collect();
    assert_eq!(files, vec![good.clone(), bad.clone()], "readable files are still reported, in order");

    // Human output too; and a single missing file.
    let out = sendlens(&[&missing, &bad]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("error[syntax]"));
    let out = sendlens(&[&missing]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty() || stdout(&out).contains("checked 0 files"));
}

#[test]
fn usage_problems_exit_2() {
    for args in [vec![], vec!["--no-such-flag", "x.rs"], vec!["--json=1", "x.rs"]] {
        let out = sendlens(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains("sendlens:"), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    let out = sendlens(&["--help"]);
    assert_eq!(code(&out), 0);
    for needle in ["--json", "--edition", "FILE", "Exit status"] {
        assert!(stdout(&out).contains(needle), "help mentions {needle}");
    }
    let out = sendlens(&["-V"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).trim(), format!("sendlens {}", sendlens::VERSION));
}

#[test]
fn a_double_dash_lets_a_file_start_with_a_dash() {
    let dir = TempDir::new();
    dir.file("-odd.rs", SYNTAX_ERROR);
    let out = Command::new(env!("CARGO_BIN_EXE_sendlens"))
        .current_dir(dir.path())
        .args(["--json", "--", "-odd.rs"])
        .output()
        .expect("run sendlens");
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
}

/// Every fixture the library reports on, drawn by the CLI: each label, note and help of the
/// library's report, and the title and replacement of each diagnostic's first fix, must appear.
/// Data-driven, so it follows the analyzer instead of hard-coding its messages.
#[test]
fn frames_show_every_label_note_help_and_first_fix_of_the_library_report() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&cases)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    paths.sort();
    let (mut frames, mut fixes) = (0, 0);
    for path in paths {
        let source = std::fs::read_to_string(&path).expect("fixture");
        let edition =
            if source.lines().take(5).any(|l| l.replace(' ', "") == "//edition:2024") { "2024" } else { "2021" };
        let options = sendlens::Options { edition: sendlens::Edition::parse(edition).expect("edition") };
        let analysis = sendlens::analyze(&source, &options);
        let out = sendlens(&["--edition", edition, path.to_str().expect("UTF-8 path")]);
        let text = stdout(&out);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        assert_eq!(code(&out), if analysis.error_count() > 0 { 1 } else { 0 }, "{name}: exit status");
        for diagnostic in &analysis.diagnostics {
            frames += 1;
            let header = format!("[{}]: {}", diagnostic.rule, diagnostic.message);
            assert!(text.contains(&header), "{name}: header {header:?} missing in:\n{text}");
            let primary = diagnostic.primary().expect("a primary label");
            let location = format!("{}:{}:{}", path.display(), primary.span.line, primary.span.col);
            assert!(text.contains(&location), "{name}: location {location} missing in:\n{text}");
            for label in diagnostic.labels.iter().filter(|l| !l.message.is_empty()) {
                assert!(text.contains(&label.message), "{name}: label {:?} missing in:\n{text}", label.message);
            }
            for note in &diagnostic.notes {
                assert!(text.contains(&format!("= note: {note}")), "{name}: note {note:?} missing in:\n{text}");
            }
            for help in &diagnostic.help {
                assert!(text.contains(&format!("= help: {help}")), "{name}: help {help:?} missing in:\n{text}");
            }
            if let Some(fix) = diagnostic.fixes.first() {
                fixes += 1;
                assert!(
                    text.contains(&format!("help: {}", fix.title)),
                    "{name}: fix title {:?} missing in:\n{text}",
                    fix.title
                );
                // The diff shows each edited line as it reads after the fix.
                for line in lines_after_fix(&source, fix) {
                    assert!(text.contains(line.trim()), "{name}: fixed line {line:?} not shown in:\n{text}");
                }
            }
        }
    }
    eprintln!("checked {frames} frames, {fixes} with a fix");
    assert!(frames > 0, "no fixture gave a diagnostic to draw");
}

/// The lines of the fixed text on which `fix`'s edits start (edits sorted, as `apply_fix` does).
fn lines_after_fix(source: &str, fix: &sendlens::Fix) -> Vec<String> {
    let fixed = sendlens::apply_fix(source, fix);
    let mut edits: Vec<&sendlens::Edit> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.span.byte_start, e.span.byte_end));
    let mut shift: isize = 0;
    let mut lines = Vec::new();
    for edit in edits {
        let at = (edit.span.byte_start as isize + shift).clamp(0, fixed.len() as isize) as usize;
        shift += edit.replacement.len() as isize - (edit.span.byte_end - edit.span.byte_start) as isize;
        let start = fixed.get(..at).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
        let end = fixed[start..].find('\n').map_or(fixed.len(), |i| start + i);
        if !fixed[start..end].trim().is_empty() {
            lines.push(fixed[start..end].to_string());
        }
    }
    lines
}

#[test]
fn colors_follow_the_terminal_conventions() {
    // A pipe is not a terminal: plain text (checked in the frame test). `CLICOLOR_FORCE` asks for
    // colors anyway, `NO_COLOR` wins over it; JSON never carries escape codes.
    let dir = TempDir::new();
    let bad = dir.file("bad.rs", SYNTAX_ERROR);
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sendlens"));
        cmd.args(args).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.output().expect("run sendlens")
    };
    let forced = run(&[("CLICOLOR_FORCE", "1")], &[&bad]);
    assert!(stdout(&forced).contains('\x1b'), "CLICOLOR_FORCE=1 colors the frames");
    let vetoed = run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[&bad]);
    assert!(!stdout(&vetoed).contains('\x1b'), "NO_COLOR wins");
    let json = run(&[("CLICOLOR_FORCE", "1")], &["--json", &bad]);
    assert!(!stdout(&json).contains('\x1b'), "JSON stays plain");
    serde_json::from_slice::<Value>(&json.stdout).expect("JSON report");
}

#[test]
fn unreadable_entries_of_other_kinds_exit_2_and_the_rest_is_checked() {
    let dir = TempDir::new();
    let good = dir.file("good.rs", VALID);
    let empty = dir.file("empty.rs", "");
    // A dangling symlink (unreadable even for root, unlike a file with mode 000).
    let link = dir.path().join("dangling.rs");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere.rs"), &link).expect("symlink");
    let link = link.to_string_lossy().into_owned();
    // Invalid UTF-8 in the middle of otherwise fine code; a lone UTF-16 surrogate encoded in UTF-8.
    let mixed = dir.file("mixed.rs", [VALID.as_bytes(), b"// \xed\xa0\x80\n"].concat());
    let out = sendlens(&[&link, &empty, &mixed, &good]);
    assert_eq!(code(&out), 2, "stderr: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&link) && err.contains(&mixed) && err.contains("UTF-8"), "{err}");
    assert_eq!(err.lines().count(), 2, "one line per unreadable file: {err}");
    let text = stdout(&out);
    assert!(text.contains("0 errors"), "the readable files are still checked: {text}");
    // An empty file alone is clean, in both output formats.
    assert_eq!(code(&sendlens(&[&empty])), 0);
    let out = sendlens(&["--json", &empty, &good]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).lines().count(), 2);
}

/// Forty tasks each capturing an `Rc`: one file-wide fix repairs them all. Its diff is printed
/// once, under the first error, trimmed to the edits nearest that error; the other errors point
/// back to it, so the output grows with the errors, not with errors × edits.
#[test]
fn a_shared_file_wide_fix_is_shown_once_and_trimmed() {
    let dir = TempDir::new();
    let source: String = (0..40)
        .map(|i| format!("async fn f{i}() {{\n    let c = std::rc::Rc::new({i});\n    tokio::spawn(async move {{ drop(c); }});\n}}\n"))
        .collect();
    let path = dir.file("many.rs", &source);
    let out = sendlens(&[&path]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert_eq!(text.matches("error[non-send-capture]").count(), 40, "{text}");
    assert_eq!(text.matches("the same fix as for line 3, shown there").count(), 39, "{text}");
    assert_eq!(text.matches("more edits of this fix elsewhere in the file").count(), 1, "{text}");
    assert!(text.contains("let c = std::sync::Arc::new(0);"), "the edits near the first error are shown:\n{text}");
    assert!(!text.contains("std::sync::Arc::new(39)"), "far edits are counted, not shown:\n{text}");
    // JSON keeps every edit on every diagnostic (its consumers apply fixes from any one of them).
    let json: Value = serde_json::from_slice(&sendlens(&["--json", &path]).stdout).expect("JSON");
    let edits = json["diagnostics"][39]["fixes"][0]["edits"].as_array().expect("edits").len();
    assert!(edits >= 40, "{edits}");
}

/// JSON repeats a shared fix's edits on every diagnostic until 200,000 repeated edits are
/// written; later diagnostics refer to the first fix with those edits, so the output grows with
/// the errors, not with errors × edits (16,000 errors sharing one fix were tens of GB).
#[test]
fn json_refers_to_a_shared_fix_once_its_budget_is_spent() {
    let dir = TempDir::new();
    let n = 800;
    let source: String = (0..n)
        .map(|i| format!("async fn f{i}() {{\n    let c = std::rc::Rc::new({i});\n    tokio::spawn(async move {{ drop(c); }});\n}}\n"))
        .collect();
    let path = dir.file("many.rs", &source);
    let out = sendlens(&["--json", &path]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), n);
    let (mut full, mut referring) = (0, 0);
    for d in diagnostics {
        let fix = &d["fixes"][0];
        if let Some(edits) = fix["edits"].as_array() {
            assert!(edits.len() >= n, "the whole file-wide fix: {}", edits.len());
            full += 1;
        } else {
            let target = &fix["sameEditsAs"];
            let (i, j) = (
                target["diagnostic"].as_u64().expect("index") as usize,
                target["fix"].as_u64().expect("index") as usize,
            );
            let first = &diagnostics[i]["fixes"][j];
            assert_eq!(first["title"], fix["title"]);
            assert!(first["edits"].as_array().is_some_and(|e| e.len() >= n), "refers to a fix written in full");
            referring += 1;
        }
    }
    assert!(full >= 2 && referring > 0 && full + referring == n, "{full} written in full, {referring} referring");
    assert!(full * n <= 200_000 + 2 * n, "{full} copies of {n} edits stay within the budget");
}

/// Frames are drawn from the lines around each diagnostic (not the whole file, which made each
/// diagnostic cost the file's length): line numbers in the gutter still count from the file's start.
#[test]
fn frames_far_down_a_file_keep_their_line_numbers() {
    let dir = TempDir::new();
    let source = format!(
        "{}async fn late() {{\r\n    let c = std::rc::Rc::new(1);\r\n    tokio::spawn(async move {{ drop(c); }});\r\n}}\r\n",
        "// filler\r\n".repeat(3000)
    );
    let path = dir.file("late.rs", &source);
    let text = stdout(&sendlens(&[&path]));
    assert!(text.contains("late.rs:3003:"), "{text}");
    assert!(
        text.contains("3003 |     tokio::spawn(async move { drop(c); });\n"),
        "no stray carriage return either:\n{text}"
    );
    // The import and the far edit are drawn as two frames; the second still numbers the lines of
    // the fixed file, one more after the inserted import.
    assert!(text.contains("   1 + use std::sync::Arc;"), "{text}");
    assert!(text.contains("3003 +     let c = std::sync::Arc::new(1);"), "{text}");
    assert!(!text.contains("// filler"), "the lines between the two frames are not drawn:\n{text}");
}

/// A label far from the others gets its own frame, primary first, instead of one frame spanning
/// every line between them (which cost each diagnostic the whole distance: 16,000 awaits in one
/// task took 21 s to print).
#[test]
fn labels_far_apart_are_drawn_in_separate_frames() {
    let dir = TempDir::new();
    let source = format!(
        "use std::rc::Rc;\nasync fn g() {{}}\nfn main() {{\n    tokio::spawn(async move {{\n{}        let x = Rc::new(1);\n        g().await;\n        drop(x);\n    }});\n}}\n",
        "        // filler\n".repeat(200)
    );
    let path = dir.file("far.rs", &source);
    let text = stdout(&sendlens(&[&path]));
    let primary =
        text.find("205 |         let x = Rc::new(1);").unwrap_or_else(|| panic!("the culprit's frame:\n{text}"));
    let spawn =
        text.find("  4 |     tokio::spawn(async move {").unwrap_or_else(|| panic!("the spawn call's frame:\n{text}"));
    assert!(primary < spawn, "the primary label's frame comes first:\n{text}");
    assert!(!text.contains("// filler"), "{text}");
}
