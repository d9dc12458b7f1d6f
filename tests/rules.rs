//! Per-rule tests: each rule's documented example must trigger it and its "Use instead" must
//! not (Biome's habit: docs that say code fails, fail); and per-rule fixtures, with snapshots of
//! the rendered diagnostic (the CLI's output) and of the code after the first fix.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

use sendlens::{analyze, apply_fix, rule_docs, Applicability, Edition, Options, Severity};

/// The code blocks of a markdown section (`## Example`, `## Use instead`).
fn blocks_under(markdown: &str, heading: &str) -> Vec<String> {
    let mut out = vec![];
    let Some(start) = markdown.find(heading) else { return out };
    let rest = &markdown[start + heading.len()..];
    let section = match rest.find("\n## ") {
        Some(end) => &rest[..end],
        None => rest,
    };
    let mut in_block = false;
    let mut cur = String::new();
    for line in section.lines() {
        if line.starts_with("```") {
            if in_block {
                out.push(std::mem::take(&mut cur));
            }
            in_block = !in_block;
        } else if in_block {
            cur.push_str(line);
            cur.push('\n');
        }
    }
    out
}

fn rules_found(src: &str) -> Vec<String> {
    analyze(src, &Options::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.rule)
        .collect()
}

#[test]
fn every_rule_documents_what_it_finds_why_an_example_and_what_to_write() {
    for doc in rule_docs() {
        for heading in [
            "## What it finds",
            "## Why rustc rejects it",
            "## Example",
            "## Use instead",
            "## Known problems",
            "## Fix safety",
        ] {
            assert!(doc.docs.contains(heading), "rule {} lacks `{heading}`", doc.id);
        }
    }
}

#[test]
fn documented_examples_fail_and_their_corrections_pass() {
    for doc in rule_docs() {
        if doc.id == "syntax" {
            continue;
        }
        let examples = blocks_under(doc.docs, "## Example");
        assert!(!examples.is_empty(), "rule {} has no example block", doc.id);
        for ex in &examples {
            let found = rules_found(ex);
            assert!(
                found.iter().any(|r| r == doc.id),
                "the example of {} does not trigger it (found {found:?}):\n{ex}",
                doc.id
            );
        }
        for fixed in blocks_under(doc.docs, "## Use instead") {
            let found = rules_found(&fixed);
            assert!(found.is_empty(), "the correction of {} still fails with {found:?}:\n{fixed}", doc.id);
        }
        let found = rules_found(doc.example);
        assert!(
            found.iter().any(|r| r == doc.id),
            "the `example` program of {} does not trigger it: {found:?}",
            doc.id
        );
    }
}

fn render(path: &Path) -> String {
    let out =
        Command::new(env!("CARGO_BIN_EXE_sendlens")).arg(path).env("NO_COLOR", "1").output().expect("run sendlens");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // The file name in frames is the fixture's path; keep it stable across machines.
    text.replace(&path.display().to_string(), &format!("{}", path.file_name().unwrap().to_string_lossy()))
}

#[test]
fn rule_fixtures_render_and_fix() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let manifest = std::fs::read_to_string(fixtures.join("rules.txt")).expect("tests/fixtures/rules.txt");
    let mut checked = 0;
    for line in manifest.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (rule, rel) = line.split_once(' ').unwrap_or_else(|| panic!("bad manifest line: {line}"));
        let rule = rule.to_string();
        let file = fixtures.join(rel.trim());
        let src = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let edition =
            if src.lines().take(5).any(|l| l.trim() == "// edition:2024") { Edition::E2024 } else { Edition::E2021 };
        let report = analyze(&src, &Options { edition });
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let diag =
            report.diagnostics.iter().find(|d| d.rule == rule && d.severity == Severity::Error).unwrap_or_else(|| {
                panic!(
                    "{name}: expected a `{rule}` error, got {:?}",
                    report.diagnostics.iter().map(|d| &d.rule).collect::<Vec<_>>()
                )
            });
        insta::assert_snapshot!(format!("{rule}__{name}__rendered"), render(&file));
        if rule == "syntax" {
            checked += 1;
            continue;
        }
        let fix = diag.fixes.iter().find(|f| f.applicability != Applicability::DisplayOnly);
        let fix = fix.unwrap_or_else(|| panic!("{name}: no applicable fix"));
        let fixed = apply_fix(&src, fix);
        insta::assert_snapshot!(format!("{rule}__{name}__fixed"), fixed);
        let after = analyze(&fixed, &Options { edition });
        let still: Vec<_> =
            after.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.rule.clone()).collect();
        assert!(still.is_empty(), "{name}: after `{}` the analyzer still reports {still:?}:\n{fixed}", fix.title);
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} rule fixtures found");
}
