//! The report invariants, checked in time linear in the input (so they can run on 5 MB hostile
//! inputs and inside the fuzzer's inner loop). Shared by `tests/properties.rs`,
//! `tests/hostile.rs` and the fuzz targets (`fuzz/fuzz_targets/*.rs` include this file by path),
//! so a regression input found by the fuzzer is replayed by the stable suite with the very same
//! checks.
//!
//! `tests/conformance.rs` states the same invariants with a direct but quadratic checker; this
//! one precomputes every position once.
#![allow(dead_code)]

use sendlens::{analyze, apply_fix, Analysis, Edition, Options, Span};

/// Positions of every char boundary of a text: (UTF-16 offset, 1-based line, 1-based char
/// column). Lines break at `\n` only, as rustc and proc-macro2 count them (a lone `\r` does not).
pub struct Positions {
    /// Indexed by byte offset; `None` inside a char.
    at: Vec<Option<(usize, usize, usize)>>,
}

impl Positions {
    pub fn new(text: &str) -> Positions {
        let mut at = vec![None; text.len() + 1];
        let (mut utf16, mut line, mut col) = (0, 1, 1);
        for (i, c) in text.char_indices() {
            at[i] = Some((utf16, line, col));
            utf16 += c.len_utf16();
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        at[text.len()] = Some((utf16, line, col));
        Positions { at }
    }

    pub fn of(&self, byte: usize) -> Option<(usize, usize, usize)> {
        self.at.get(byte).copied().flatten()
    }

    /// Checks that every unit of `span` describes the same place.
    pub fn check(&self, span: &Span) -> Result<(), String> {
        if span.byte_start > span.byte_end {
            return Err(format!("byteStart {} > byteEnd {}", span.byte_start, span.byte_end));
        }
        let start = self
            .of(span.byte_start)
            .ok_or_else(|| format!("byteStart {} outside the text or inside a char", span.byte_start))?;
        let end = self.of(span.byte_end).ok_or_else(|| {
            format!("byteEnd {} outside the text ({} bytes) or inside a char", span.byte_end, self.at.len() - 1)
        })?;
        let reported = ((span.start, span.line, span.col), (span.end, span.end_line, span.end_col));
        if reported != (start, end) {
            return Err(format!(
                "bytes {}..{} are (utf16, line, col) {start:?}..{end:?} but the span says {:?}..{:?}",
                span.byte_start, span.byte_end, reported.0, reported.1
            ));
        }
        Ok(())
    }
}

/// The invariant violations of one report on `text`, each as a sentence.
pub fn violations(text: &str, analysis: &Analysis) -> Vec<String> {
    let positions = Positions::new(text);
    let mut out = Vec::new();
    for (i, diagnostic) in analysis.diagnostics.iter().enumerate() {
        let what = format!("diagnostic {i} [{}]", diagnostic.rule);
        let primaries = diagnostic.labels.iter().filter(|l| l.primary).count();
        if primaries != 1 {
            out.push(format!("{what}: {primaries} primary labels, expected exactly 1"));
        }
        if diagnostic.message.trim().is_empty() {
            out.push(format!("{what}: empty message"));
        }
        for label in &diagnostic.labels {
            if let Err(e) = positions.check(&label.span) {
                out.push(format!("{what}: label `{}`: {e}", label.message));
            }
        }
        for fix in &diagnostic.fixes {
            if fix.edits.is_empty() {
                out.push(format!("{what}: fix `{}` has no edits", fix.title));
            }
            let mut ranges = Vec::new();
            for edit in &fix.edits {
                match positions.check(&edit.span) {
                    Err(e) => out.push(format!("{what}: fix `{}`: edit: {e}", fix.title)),
                    Ok(()) => ranges.push((edit.span.byte_start, edit.span.byte_end, &edit.replacement)),
                }
            }
            ranges.sort();
            ranges.dedup();
            if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
                out.push(format!("{what}: fix `{}` has overlapping edits", fix.title));
            }
        }
    }
    out
}

/// Everything the issue demands of one input, for one edition: the report keeps the invariants,
/// a second analysis gives the same report, and every offered fix yields text whose report keeps
/// them too. Panics (with the violations) otherwise; a panic inside `analyze` propagates.
/// Returns the first report.
pub fn check_input(source: &str, edition: Edition) -> Analysis {
    let report = check_report_and_fixes(source, edition);
    let again = analyze(source, &Options { edition });
    assert!(again == report, "a second analysis gave a different report ({edition:?})");
    report
}

/// `check_input` without the second analysis: the fuzzers' inner loop, where determinism costs a
/// third of the throughput and is checked by the property tests instead.
pub fn check_report_and_fixes(source: &str, edition: Edition) -> Analysis {
    let options = Options { edition };
    let report = analyze(source, &options);
    let found = violations(source, &report);
    assert!(found.is_empty(), "report invariants broken ({edition:?}):\n{}", found.join("\n"));
    // Identical fixes are offered by many diagnostics (file-wide type swaps): apply each once.
    let mut seen = std::collections::HashSet::new();
    for fix in report.diagnostics.iter().flat_map(|d| &d.fixes) {
        let fixed = apply_fix(source, fix);
        if !seen.insert(fixed.clone()) {
            continue;
        }
        let after = analyze(&fixed, &options);
        let found = violations(&fixed, &after);
        assert!(
            found.is_empty(),
            "after fix `{}` ({edition:?}) the report breaks the invariants:\n{}",
            fix.title,
            found.join("\n")
        );
    }
    report
}
