//! Terminal output: each diagnostic as a rustc-style frame (annotate-snippets), its first fix as a
//! diff, with output kept linear in the file (windows of nearby lines, a shared fix shown once).

use std::collections::HashMap;
use std::io;
use std::panic::{self, AssertUnwindSafe};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use sendlens::{Analysis, Applicability, Diagnostic, Severity};

use crate::write_stdout;

pub(crate) fn write_frames(file: &str, source: &str, analysis: &Analysis) -> io::Result<()> {
    let renderer = Renderer::styled().decor_style(DecorStyle::Ascii);
    let mut fixes_shown = HashMap::new();
    let starts = line_starts(source);
    for diagnostic in &analysis.diagnostics {
        let report = frame(file, source, &starts, diagnostic, &mut fixes_shown);
        // annotate-snippets is trusted with validated spans only, but a rendering bug must still
        // not cost the user the diagnostic: fall back to a plain listing.
        let rendered = panic::catch_unwind(AssertUnwindSafe(|| renderer.render(&report)))
            .unwrap_or_else(|_| plain_listing(file, diagnostic));
        write_stdout(&format!("{rendered}\n\n"))?;
    }
    Ok(())
}

/// The byte range of `span` in `source`, clamped into the text and onto char boundaries, so a
/// report from a buggy rule cannot make the renderer slice inside a character.
pub(crate) fn byte_range(source: &str, span: &sendlens::Span) -> std::ops::Range<usize> {
    let floor = |mut at: usize| {
        at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(span.byte_start);
    start..floor(span.byte_end).max(start)
}

pub(crate) fn level_of(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The whole lines of a file that hold some byte ranges, for the renderer: annotate-snippets
/// reads every line of the text it is given, so handing it the whole file made each
/// diagnostic cost the file's length (25,000 errors in a 100,000-line file: 144 s).
pub(crate) struct Window<'a> {
    text: &'a str,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// 1-based number of its first line.
    first_line: usize,
}

/// Byte offsets where the lines of `source` start.
pub(crate) fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0).chain(source.match_indices('\n').map(|(at, _)| at + 1)).collect()
}

pub(crate) fn window<'a>(source: &'a str, starts: &[usize], ranges: &[std::ops::Range<usize>]) -> Window<'a> {
    let low = ranges.iter().map(|r| r.start).min().unwrap_or(0);
    let high = ranges.iter().map(|r| r.end).max().unwrap_or(0).max(low);
    let line = starts.partition_point(|&s| s <= low).max(1);
    let offset = starts[line - 1];
    let mut end = source[high..].find('\n').map_or(source.len(), |at| high + at);
    // A CRLF line's `\r` belongs to its line end, as it does when the renderer splits lines.
    if end > high && source[..end].ends_with('\r') {
        end -= 1;
    }
    Window { text: &source[offset..end], offset, first_line: line }
}

/// Labels (or edits) more than this many lines apart go in separate frames. One frame holds
/// every line between its first and last range, and the renderer reads all of them: a task
/// whose culprit lies 40,000 lines below its spawn call made each diagnostic cost those lines
/// (16,000 such errors: 21 s). Nearer ranges share one frame, as rustc shows them.
pub(crate) const SPLIT_AFTER_LINES: usize = 40;

/// Groups `ranges` (indices into it) into runs of nearby lines, in file order.
pub(crate) fn clusters(starts: &[usize], ranges: &[std::ops::Range<usize>]) -> Vec<Vec<usize>> {
    let line_of = |at: usize| starts.partition_point(|&s| s <= at);
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&i| (ranges[i].start, ranges[i].end));
    let mut out: Vec<Vec<usize>> = vec![];
    let mut last_line = 0;
    for i in order {
        let (first, last) = (line_of(ranges[i].start), line_of(ranges[i].end));
        match out.last_mut() {
            Some(run) if first <= last_line + SPLIT_AFTER_LINES => run.push(i),
            _ => out.push(vec![i]),
        }
        last_line = last_line.max(last);
    }
    out
}

/// Most edits of one fix shown as a diff; the rest are counted (`--json` lists them all).
pub(crate) const MAX_SHOWN_EDITS: usize = 12;

/// One diagnostic as annotate-snippets groups: the main frame with labels, notes and help, then
/// the first fix as a suggestion (rendered as a diff of the lines it touches).
///
/// A file-wide fix (every `Rc` of the file becoming `Arc`) is offered by each diagnostic it
/// repairs. Its diff is shown once, under the first of them; later ones point back to it by
/// line (`fixes_shown` maps a shared edit list to that line). A fix with many edits shows the
/// [`MAX_SHOWN_EDITS`] nearest the culprit and counts the others. Without both, a file with
/// a thousand such errors printed a thousand copies of a thousand-line diff (139 MB, 19 s).
pub(crate) fn frame<'a>(
    file: &'a str,
    source: &'a str,
    starts: &[usize],
    diagnostic: &'a Diagnostic,
    fixes_shown: &mut HashMap<usize, usize>,
) -> Vec<Group<'a>> {
    let ranges: Vec<_> = diagnostic.labels.iter().map(|label| byte_range(source, &label.span)).collect();
    let mut runs = clusters(starts, &ranges);
    // The frame with the primary label comes first, under the `-->` line, as in rustc.
    if let Some(at) = runs.iter().position(|run| run.iter().any(|&i| diagnostic.labels[i].primary)) {
        let primary = runs.remove(at);
        runs.insert(0, primary);
    }
    let mut main = Group::with_title(
        level_of(diagnostic.severity).primary_title(diagnostic.message.as_str()).id(diagnostic.rule.as_str()),
    );
    for run in runs {
        let run_ranges: Vec<_> = run.iter().map(|&i| ranges[i].clone()).collect();
        let shown = window(source, starts, &run_ranges);
        let annotations = run.iter().map(|&i| {
            let (label, range) = (&diagnostic.labels[i], &ranges[i]);
            let kind = if label.primary { AnnotationKind::Primary } else { AnnotationKind::Context };
            kind.span(range.start - shown.offset..range.end - shown.offset).label(label.message.as_str())
        });
        main =
            main.element(Snippet::source(shown.text).line_start(shown.first_line).path(file).annotations(annotations));
    }
    for note in &diagnostic.notes {
        main = main.element(Level::NOTE.message(note.as_str()));
    }
    for help in &diagnostic.help {
        main = main.element(Level::HELP.message(help.as_str()));
    }
    let mut groups = Vec::new();
    if let Some(fix) = diagnostic.fixes.first() {
        let safety = match fix.applicability {
            Applicability::Safe => "",
            Applicability::Unsafe => " (changes behaviour: check it)",
            Applicability::DisplayOnly => " (advice only)",
        };
        let line = diagnostic.primary().map_or(1, |label| label.span.line);
        let list = &fix.edits;
        if let Some(first_line) = fixes_shown.get(&list.shared_id()) {
            let title = format!("{}{safety}: the same fix as for line {first_line}, shown there", fix.title);
            return vec![main.element(Level::HELP.message(title))];
        }
        fixes_shown.insert(list.shared_id(), line);
        let mut shown: Vec<&sendlens::Edit> = fix.edits.iter().collect();
        if shown.len() > MAX_SHOWN_EDITS {
            let at = diagnostic.primary().map_or(0, |label| label.span.byte_start);
            shown.sort_by_key(|edit| edit.span.byte_start.abs_diff(at));
            shown.truncate(MAX_SHOWN_EDITS);
            shown.sort_by_key(|edit| edit.span.byte_start);
        }
        let hidden = fix.edits.len() - shown.len();
        // Touching edits are drawn as one: an import inserted where the old `use` line is
        // deleted would otherwise be drawn as an insertion followed by a deletion that the
        // renderer shows as the next line's removal.
        let mut ranges: Vec<std::ops::Range<usize>> = vec![];
        let mut replacements: Vec<String> = vec![];
        for edit in &shown {
            let range = byte_range(source, &edit.span);
            match ranges.last_mut() {
                Some(last) if last.end == range.start => {
                    last.end = range.end;
                    replacements.last_mut().expect("one per range").push_str(&edit.replacement);
                }
                _ => {
                    ranges.push(range);
                    replacements.push(edit.replacement.clone());
                }
            }
        }
        // A whole line replaced by another is drawn as a changed line when the line end both
        // keep is left out of the patch.
        for (range, replacement) in ranges.iter_mut().zip(&mut replacements) {
            if range.end > range.start && source[range.clone()].ends_with('\n') && replacement.ends_with('\n') {
                range.end -= 1;
                replacement.pop();
            }
        }
        let mut help = Group::with_title(Level::HELP.secondary_title(format!("{}{safety}", fix.title)));
        // Each frame numbers the lines of the fixed file, as one frame would: lines that
        // edits in earlier frames add or remove shift the later ones.
        let mut lines_added: isize = 0;
        for run in clusters(starts, &ranges) {
            let run_ranges: Vec<_> = run.iter().map(|&i| ranges[i].clone()).collect();
            let lines = window(source, starts, &run_ranges);
            let patches = run.iter().map(|&i| {
                let range = &ranges[i];
                Patch::new(range.start - lines.offset..range.end - lines.offset, replacements[i].clone())
            });
            let first_line = lines.first_line.saturating_add_signed(lines_added).max(1);
            help = help.element(Snippet::source(lines.text).line_start(first_line).path(file).patches(patches));
            for &i in &run {
                let removed = source[ranges[i].clone()].matches('\n').count() as isize;
                lines_added += replacements[i].matches('\n').count() as isize - removed;
            }
        }
        if hidden > 0 {
            help = help.element(Level::NOTE.message(format!(
                "and {hidden} more edits of this fix elsewhere in the file (`--json` lists them all)"
            )));
        }
        groups.push(help);
    }
    groups.insert(0, main);
    groups
}

/// The diagnostic without source frames, for the (never expected) case the renderer fails.
pub(crate) fn plain_listing(file: &str, diagnostic: &Diagnostic) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let mut out = format!("{severity}[{}]: {}", diagnostic.rule, diagnostic.message);
    for label in &diagnostic.labels {
        let marker = if label.primary { "-->" } else { "   " };
        out += &format!("\n {marker} {file}:{}:{}: {}", label.span.line, label.span.col, label.message);
    }
    for note in &diagnostic.notes {
        out += &format!("\n  = note: {note}");
    }
    for help in &diagnostic.help {
        out += &format!("\n  = help: {help}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(source: &str, needle: &str) -> sendlens::Span {
        let byte_start = source.find(needle).expect("needle in source");
        let line = source[..byte_start].matches('\n').count() + 1;
        let col = byte_start - source[..byte_start].rfind('\n').map_or(0, |i| i + 1) + 1;
        sendlens::Span {
            byte_start,
            byte_end: byte_start + needle.len(),
            start: byte_start,
            end: byte_start + needle.len(),
            line,
            col,
            end_line: line,
            end_col: col + needle.len(),
        }
    }

    #[test]
    fn a_frame_shows_labels_notes_help_and_the_first_fix_as_a_diff() {
        let source = "fn main() {\n    let rc = Rc::new(1);\n    spawn(async move { rc; });\n}\n";
        let label = |needle: &str, message: &str, primary: bool| sendlens::Label {
            span: span_of(source, needle),
            message: message.to_string(),
            primary,
        };
        let fix = |title: &str, replacement: &str| sendlens::Fix {
            title: title.to_string(),
            applicability: Applicability::Unsafe,
            edits: vec![sendlens::Edit { span: span_of(source, "Rc::new"), replacement: replacement.to_string() }]
                .into(),
        };
        let diagnostic = Diagnostic {
            rule: "non-send-capture".to_string(),
            severity: Severity::Error,
            message: "future cannot be sent between threads safely".to_string(),
            labels: vec![
                label("rc;", "captured value is not `Send`", true),
                label("spawn", "required by this spawn", false),
            ],
            notes: vec!["`Rc` is not `Send`".to_string()],
            help: vec!["use `Arc`".to_string()],
            fixes: vec![fix("replace `Rc` with `Arc`", "Arc::new"), fix("second fix, not shown", "Box::new")],
        };
        let rendered =
            Renderer::plain().render(&frame("demo.rs", source, &line_starts(source), &diagnostic, &mut HashMap::new()));
        for expected in [
            "error[non-send-capture]: future cannot be sent between threads safely",
            "--> demo.rs:3:24",
            "captured value is not `Send`",
            "required by this spawn",
            "= note: `Rc` is not `Send`",
            "= help: use `Arc`",
            "help: replace `Rc` with `Arc` (changes behaviour: check it)",
            "Arc::new(1)",
        ] {
            assert!(rendered.contains(expected), "missing {expected:?} in:\n{rendered}");
        }
        assert!(!rendered.contains("Box::new"), "only the first fix is shown:\n{rendered}");
        println!("{rendered}");
    }

    #[test]
    fn spans_are_clamped_onto_char_boundaries() {
        let source = "é"; // two bytes
        let span =
            sendlens::Span { byte_start: 1, byte_end: 99, start: 0, end: 0, line: 1, col: 1, end_line: 1, end_col: 1 };
        assert_eq!(byte_range(source, &span), 0..2);
    }
}
