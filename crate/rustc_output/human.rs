//! rustc's and cargo's human-readable output, line by line.
//!
//! A diagnostic runs from its header (`error[E0277]: ...`) to the next blank line, header or
//! summary line. Inside it: `-->`/`:::` locations, gutter rows (`NN | code`, `   | ^^^ label`,
//! `...`), `= note:` lines with their continuation lines, and child headers (`note: ...`). The
//! gutter rows after a location are decoded by [`super::snippet`] when the next location, note,
//! header or blank line ends them.

use super::snippet::{self, Row, RowKind};
use super::text::Budget;
use super::{explain_fact, summary_fact, Child, Diagnostic, Facts, Kind, Level, Origin, Out, Position, Span};

/// The state between lines: the diagnostic being read, if any.
#[derive(Default)]
pub(super) struct Parser {
    current: Option<Builder>,
}

struct Builder {
    diagnostic: Diagnostic,
    /// Indentation of the header line: a paste may be indented as a whole.
    indent: usize,
    /// Where new spans go: the diagnostic itself or its last child.
    target: Target,
    snippet: Option<Snippet>,
    /// What the previous line was, for continuation lines.
    last: Last,
    rendered: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Main,
    Child(usize),
    /// A child the budget refused: its rows are read and left out.
    Dropped,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// A header: its message may go on, indented by `width` (the header's `level[code]: `).
    Header {
        width: usize,
    },
    /// A `= note:` line of child `index`, its message at column `width`.
    Note {
        index: usize,
        width: usize,
    },
    Other,
}

/// The gutter rows after one location (or, for a suggestion, after its header).
struct Snippet {
    location: Option<snippet::Location>,
    rows: Vec<Row>,
    /// Column of the gutter's `|`.
    sep: Option<usize>,
    /// Whether a source row (`NN | code`) was read.
    has_source: bool,
    /// Whether a bare `|` row followed the location before any source row: then `= note:` lines
    /// are the labels of a file whose source rustc could not show.
    bar_without_source: bool,
    /// Spans made of those labels.
    labels: Vec<Span>,
}

impl Parser {
    /// A blank line ends the diagnostic.
    pub(super) fn blank(&mut self, out: &mut Out) {
        self.close(out);
    }

    /// Ends the diagnostic being read, if any, and hands it to `out`.
    pub(super) fn close(&mut self, out: &mut Out) {
        if let Some(mut builder) = self.current.take() {
            builder.flush(&mut out.budget);
            let mut diagnostic = builder.diagnostic;
            inline_help_labels(&mut diagnostic);
            diagnostic.rendered = builder.rendered.join("\n");
            out.push(diagnostic);
        }
    }

    pub(super) fn line(&mut self, line: &str, number: usize, out: &mut Out) {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(builder) = &mut self.current {
            if builder.inner_line(line, trimmed, indent, &mut out.budget) {
                builder.rendered.push(line.to_string());
                out.parsed.lines.human += 1;
                return;
            }
        }
        let within = self.current.as_ref().map(|b| b.indent);
        if within.is_none_or(|base| indent <= base) {
            if let Some((level, code, message)) = header(trimmed) {
                self.header(line, indent, level, code, message, number, out);
                return;
            }
        }
        if let Some(fact) = explain_fact(trimmed) {
            self.close(out);
            out.summary_fact(fact);
            out.parsed.lines.summary += 1;
            return;
        }
        if let Some(diagnostic) = short_form(trimmed, number, &mut out.budget) {
            self.close(out);
            out.parsed.lines.human += 1;
            out.push(diagnostic);
            return;
        }
        if is_cargo_status(trimmed, indent) {
            self.close(out);
            out.parsed.lines.cargo_status += 1;
            return;
        }
        if trimmed.starts_with("```") {
            self.close(out);
            out.parsed.lines.fences += 1;
            return;
        }
        if let Some(builder) = &mut self.current {
            builder.rendered.push(line.to_string());
            builder.last = Last::Other;
        }
        out.unrecognised(number);
    }

    #[allow(clippy::too_many_arguments)]
    fn header(
        &mut self,
        line: &str,
        indent: usize,
        level: Level,
        code: Option<&str>,
        message: &str,
        number: usize,
        out: &mut Out,
    ) {
        let width = line.len() - indent - message.len();
        if !matches!(level, Level::Note | Level::Help) {
            if let Some(fact) = summary_fact(level, message) {
                self.close(out);
                out.summary_fact(fact);
                out.parsed.lines.summary += 1;
                return;
            }
        }
        out.parsed.lines.human += 1;
        if let (Some(builder), Level::Note | Level::Help) = (&mut self.current, level) {
            builder.flush(&mut out.budget);
            if out.budget.child() {
                builder.diagnostic.children.push(Child {
                    level,
                    message: message.to_string(),
                    spans: Vec::new(),
                    suggestion: None,
                });
                builder.target = Target::Child(builder.diagnostic.children.len() - 1);
                builder.last = Last::Header { width };
            } else {
                builder.target = Target::Dropped;
                builder.last = Last::Other;
            }
            builder.rendered.push(line.to_string());
            return;
        }
        self.close(out);
        self.current = Some(Builder {
            diagnostic: Diagnostic {
                level,
                code: code.map(str::to_string),
                lint: None,
                message: message.to_string(),
                spans: Vec::new(),
                children: Vec::new(),
                rendered: String::new(),
                origin: Origin::Human,
                input_line: number,
                kind: Kind::Other,
                facts: Facts::default(),
            },
            indent,
            target: Target::Main,
            snippet: None,
            last: Last::Header { width },
            rendered: vec![line.to_string()],
        });
    }
}

impl Builder {
    /// Reads a line that belongs inside the diagnostic: a location, a gutter row, a `= note:`
    /// line or a continuation line. False when the line is none of these.
    fn inner_line(&mut self, line: &str, trimmed: &str, indent: usize, budget: &mut Budget) -> bool {
        if let Some(location) = location(trimmed) {
            self.flush(budget);
            self.snippet = Some(Snippet::new(Some(location), Some(indent + 1)));
            self.last = Last::Other;
            return true;
        }
        if let Some(note) = trimmed.strip_prefix("= ") {
            let (level, message) = match header(note) {
                Some((level, None, message)) => (level, message),
                _ => (Level::FailureNote, note),
            };
            if let Some(snippet) = &mut self.snippet {
                if snippet.bar_without_source {
                    // A label of a file rustc could not show.
                    let location = snippet.location.clone();
                    if let Some(location) = location {
                        snippet.labels.extend(location.span(Some(message.to_string()), budget));
                        snippet.bar_without_source = false;
                        self.last = Last::Other;
                        return true;
                    }
                }
            }
            self.flush(budget);
            self.last = Last::Other;
            if budget.child() {
                self.diagnostic.children.push(Child {
                    level,
                    message: message.to_string(),
                    spans: Vec::new(),
                    suggestion: None,
                });
                self.last = Last::Note { index: self.diagnostic.children.len() - 1, width: line.len() - message.len() };
            }
            return true;
        }
        if let Some((kind, sep, text)) = gutter_row(line, self.snippet.as_ref().and_then(|s| s.sep)) {
            let snippet = self.snippet.get_or_insert_with(|| Snippet::new(None, Some(sep)));
            snippet.sep.get_or_insert(sep);
            snippet.has_source |= matches!(kind, RowKind::Source(_));
            snippet.bar_without_source =
                kind == RowKind::Annotation && text.is_empty() && snippet.location.is_some() && !snippet.has_source;
            snippet.rows.push(Row { kind, text: text.to_string() });
            self.last = Last::Other;
            return true;
        }
        if indent > self.indent && !trimmed.starts_with('|') {
            match self.last {
                Last::Header { width } => {
                    let message = match self.target {
                        Target::Main => &mut self.diagnostic.message,
                        Target::Child(i) => &mut self.diagnostic.children[i].message,
                        Target::Dropped => return true,
                    };
                    continue_message(message, line, width + self.indent);
                    return true;
                }
                Last::Note { index, width } => {
                    continue_message(&mut self.diagnostic.children[index].message, line, width);
                    return true;
                }
                Last::Other => {}
            }
        }
        false
    }

    /// Decodes the gutter rows collected so far and attaches their spans.
    fn flush(&mut self, budget: &mut Budget) {
        let Some(snippet) = self.snippet.take() else { return };
        let target = match self.target {
            Target::Main => None,
            Target::Child(i) => Some(i),
            Target::Dropped => return,
        };
        let is_help = target.is_some_and(|i| self.diagnostic.children[i].level == Level::Help);
        let suggestion = snippet
            .rows
            .iter()
            .any(|r| matches!(r.kind, RowKind::Suggestion(_)) || snippet::is_suggestion_underline(&r.text))
            || (snippet.location.is_none() && is_help && !snippet.rows.is_empty());
        if suggestion {
            if let Some(i) = target {
                let code = snippet::suggested_code(&snippet.rows);
                let child = &mut self.diagnostic.children[i];
                match &mut child.suggestion {
                    Some(existing) => {
                        existing.push('\n');
                        existing.push_str(&code);
                    }
                    None => child.suggestion = Some(code),
                }
            }
            return;
        }
        let mut spans = snippet.labels;
        spans.extend(snippet::decode(&snippet.rows, snippet.location.as_ref(), budget));
        if spans.is_empty() {
            if let Some(location) = &snippet.location {
                spans.extend(location.span(None, budget));
            }
        }
        let list = match target {
            None => &mut self.diagnostic.spans,
            Some(i) => &mut self.diagnostic.children[i].spans,
        };
        list.extend(spans);
    }
}

impl Snippet {
    fn new(location: Option<snippet::Location>, sep: Option<usize>) -> Snippet {
        Snippet { location, rows: Vec::new(), sep, has_source: false, bar_without_source: false, labels: Vec::new() }
    }
}

impl snippet::Location {
    /// The span a location alone gives: its start, no end. Such a location (of a file whose
    /// source rustc cannot show) has its column 0-based: `spawn.rs:125:0` is column 1.
    fn span(&self, label: Option<String>, budget: &mut Budget) -> Option<Span> {
        if !budget.span(self.file.len()) {
            return None;
        }
        Some(Span {
            file: self.file.clone(),
            start: Position { line: self.line, col: self.col.unwrap_or(0).saturating_add(1) },
            end: None,
            primary: self.primary,
            label,
            text: None,
            replacement: None,
        })
    }
}

/// Appends a continuation line to a message, less the padding rustc put before it.
fn continue_message(message: &mut String, line: &str, width: usize) {
    let pad = line.len() - line.trim_start_matches(' ').len();
    message.push('\n');
    message.push_str(&line[pad.min(width)..]);
}

/// rustc shows a lone short suggestion as a label of the primary snippet, `help: msg: `code``;
/// JSON has it as a `help` child with the span and its replacement. Such labels become children.
fn inline_help_labels(diagnostic: &mut Diagnostic) {
    if !diagnostic.spans.iter().any(|s| s.label.as_deref().is_some_and(|l| l.starts_with("help: "))) {
        return;
    }
    let mut kept = Vec::with_capacity(diagnostic.spans.len());
    for mut span in std::mem::take(&mut diagnostic.spans) {
        let Some(message) = span.label.as_deref().and_then(|l| l.strip_prefix("help: ")).map(str::to_string) else {
            kept.push(span);
            continue;
        };
        span.label = None;
        if span.primary {
            // Drawn as one with the unlabelled primary span it shares its place with.
            kept.push(span.clone());
        }
        span.primary = true;
        diagnostic.children.push(Child { level: Level::Help, message, spans: vec![span], suggestion: None });
    }
    diagnostic.spans = kept;
}

/// `level[CODE]: message` with the level `error`, `warning`, `note`, `help`, `failure-note` or
/// `error: internal compiler error`.
pub(super) fn header(line: &str) -> Option<(Level, Option<&str>, &str)> {
    const LEVELS: [&str; 6] = ["error: internal compiler error", "error", "warning", "note", "help", "failure-note"];
    for word in LEVELS {
        let Some(rest) = line.strip_prefix(word) else { continue };
        let (code, rest) = match rest.strip_prefix('[') {
            Some(inner) => {
                let end = inner.find(']')?;
                let code = &inner[..end];
                if code.is_empty()
                    || code.len() > 64
                    || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    return None;
                }
                (Some(code), &inner[end + 1..])
            }
            None => (None, rest),
        };
        if let Some(message) = rest.strip_prefix(": ") {
            return Some((Level::from_word(word), code, message));
        }
        if rest == ":" {
            return Some((Level::from_word(word), code, ""));
        }
        return None;
    }
    None
}

/// Longest file name a location may hold (longer lines are not locations).
const MAX_PATH: usize = 4096;

/// `--> file:line:col` or `::: file:line:col` (the column may miss after `:::`).
fn location(trimmed: &str) -> Option<snippet::Location> {
    let (primary, rest) = match trimmed.strip_prefix("--> ") {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix("::: ")?),
    };
    let rest = rest.trim();
    if rest.len() > MAX_PATH {
        return None;
    }
    let (head, last) = rest.rsplit_once(':')?;
    let last: u32 = last.parse().ok()?;
    if let Some((file, line)) = head.rsplit_once(':') {
        if let Ok(line) = line.parse::<u32>() {
            if !file.is_empty() {
                return Some(snippet::Location { file: file.to_string(), line, col: Some(last), primary });
            }
        }
    }
    (!primary && !head.is_empty()).then(|| snippet::Location { file: head.to_string(), line: last, col: None, primary })
}

/// A gutter row: `NN | code`, `NN ~ code` (a suggestion), `   | marks`, or `...`. Returns its
/// kind, the column of its separator and its text after the separator and one space.
fn gutter_row(line: &str, sep: Option<usize>) -> Option<(RowKind, usize, &str)> {
    let bytes = line.as_bytes();
    let spaces = bytes.iter().take_while(|&&b| b == b' ').count();
    let after = |at: usize| -> &str {
        let rest = line.get(at + 1..).unwrap_or("");
        rest.strip_prefix(' ').unwrap_or(rest)
    };
    match bytes.get(spaces) {
        Some(b'|') => Some((RowKind::Annotation, spaces, after(spaces))),
        Some(b'0'..=b'9') => {
            let digits = bytes[spaces..].iter().take_while(|b| b.is_ascii_digit()).count();
            // Older rustc aligned line numbers left: `4   | code`.
            let pad = bytes[spaces + digits..].iter().take_while(|&&b| b == b' ').count();
            let at = spaces + digits + pad;
            if pad == 0 || !matches!(bytes.get(at + 1), None | Some(b' ')) {
                return None;
            }
            let number: u32 = line[spaces..spaces + digits].parse().ok()?;
            let kind = match bytes.get(at)? {
                b'|' => RowKind::Source(number),
                b'~' => RowKind::Suggestion(b'~'),
                b'+' => RowKind::Suggestion(b'+'),
                b'-' => RowKind::Suggestion(b'-'),
                _ => return None,
            };
            Some((kind, at, after(at)))
        }
        Some(b'.') if line[spaces..].starts_with("...") => {
            // `...` stands where the line number would be; the bars of multi-line spans follow
            // at their usual columns.
            let sep = sep.unwrap_or(spaces + 2);
            Some((RowKind::Elision, sep, line.get(sep + 2..).unwrap_or("")))
        }
        _ => None,
    }
}

/// The one-line form: `file:line:col: level[code]: message`.
fn short_form(trimmed: &str, number: usize, budget: &mut Budget) -> Option<Diagnostic> {
    for (at, _) in trimmed.match_indices(": ").take(8) {
        let Some((level, code, message)) = header(&trimmed[at + 2..]) else { continue };
        let (rest, col) = trimmed[..at].rsplit_once(':')?;
        let (file, line) = rest.rsplit_once(':')?;
        let (Ok(line), Ok(col)) = (line.parse::<u32>(), col.parse::<u32>()) else { return None };
        if file.is_empty() || file.len() > MAX_PATH || !budget.span(file.len()) {
            return None;
        }
        let span = Span {
            file: file.to_string(),
            start: Position { line, col },
            end: None,
            primary: true,
            label: None,
            text: None,
            replacement: None,
        };
        return Some(Diagnostic {
            level,
            code: code.map(str::to_string),
            lint: None,
            message: message.to_string(),
            spans: vec![span],
            children: Vec::new(),
            rendered: trimmed.to_string(),
            origin: Origin::Short,
            input_line: number,
            kind: Kind::Other,
            facts: Facts::default(),
        });
    }
    None
}

/// cargo's status lines: a capitalised verb right-aligned in 12 columns, then a space.
fn is_cargo_status(trimmed: &str, indent: usize) -> bool {
    const VERBS: &[&str] = &[
        "Adding",
        "Archiving",
        "Blocking",
        "Building",
        "Checking",
        "Cleaned",
        "Compiling",
        "Creating",
        "Dirty",
        "Doc-tests",
        "Documenting",
        "Downgrading",
        "Downloaded",
        "Downloading",
        "Executable",
        "Fetching",
        "Finished",
        "Fixed",
        "Fresh",
        "Ignored",
        "Installed",
        "Installing",
        "Locking",
        "Migrating",
        "Packaged",
        "Packaging",
        "Removed",
        "Removing",
        "Replaced",
        "Replacing",
        "Running",
        "Scraping",
        "Skipping",
        "Summary",
        "Unpacked",
        "Unpacking",
        "Updated",
        "Updating",
        "Uploaded",
        "Uploading",
        "Vendoring",
        "Verifying",
        "Waiting",
        "Warning",
    ];
    indent <= 12 && trimmed.split_once(' ').is_some_and(|(verb, _)| VERBS.contains(&verb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            header("error[E0277]: `Rc<String>` cannot"),
            Some((Level::Error, Some("E0277"), "`Rc<String>` cannot"))
        );
        assert_eq!(header("warning: unused variable: `x`"), Some((Level::Warning, None, "unused variable: `x`")));
        assert_eq!(header("error: internal compiler error: boom"), Some((Level::InternalCompilerError, None, "boom")));
        assert_eq!(header("note: required by a bound in `tokio::spawn`").map(|h| h.0), Some(Level::Note));
        assert_eq!(header("errors: x"), None);
        assert_eq!(header("error[E0277 oops"), None);
        assert_eq!(header("help"), None);
    }

    #[test]
    fn locations() {
        let l = location("--> src/main.rs:9:18").unwrap();
        assert_eq!((l.file.as_str(), l.line, l.col, l.primary), ("src/main.rs", 9, Some(18), true));
        let l = location("--> C:\\Users\\dev\\proj\\src\\main.rs:9:18").unwrap();
        assert_eq!(l.file, "C:\\Users\\dev\\proj\\src\\main.rs");
        let l = location("::: /rustc/abc/library/std/src/thread/mod.rs:125").unwrap();
        assert_eq!((l.line, l.col, l.primary), (125, None, false));
        assert!(location("--> nowhere").is_none());
        assert!(location("--> a.rs:99999999999:1").is_none());
    }

    #[test]
    fn gutter_rows() {
        assert!(matches!(
            gutter_row("  9 |       let handle", None),
            Some((RowKind::Source(9), 4, "      let handle"))
        ));
        assert!(matches!(gutter_row("    |  ____^", None), Some((RowKind::Annotation, 4, " ____^"))));
        assert!(matches!(gutter_row("   |", None), Some((RowKind::Annotation, 3, ""))));
        assert!(matches!(
            gutter_row(" 6 ~     let value", None),
            Some((RowKind::Suggestion(b'~'), 3, "    let value"))
        ));
        assert!(matches!(gutter_row("...   |", Some(4)), Some((RowKind::Elision, 4, "|"))));
        assert!(matches!(gutter_row("... |", Some(2)), Some((RowKind::Elision, 2, "|"))));
        assert!(matches!(gutter_row("12 |", None), Some((RowKind::Source(12), 3, ""))));
        assert!(gutter_row("12x |", None).is_none());
        assert!(matches!(gutter_row("4   |     let", None), Some((RowKind::Source(4), 4, "    let"))));
        assert!(gutter_row("1.5 apples", None).is_none());
    }

    #[test]
    fn short_lines() {
        let budget = &mut Budget::for_input(100);
        let d =
            short_form("src/main.rs:9:18: error[E0277]: `Rc<i32>` cannot be sent between threads safely", 3, budget)
                .unwrap();
        assert_eq!(d.code.as_deref(), Some("E0277"));
        assert_eq!(d.spans[0].start, Position { line: 9, col: 18 });
        assert_eq!(d.origin, Origin::Short);
        assert!(short_form("note: x: error: y", 1, budget).is_none());
    }

    #[test]
    fn cargo_status() {
        assert!(is_cargo_status("Checking multi_file v0.1.0 (/tmp/x)", 4));
        assert!(is_cargo_status("Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.06s", 4));
        assert!(!is_cargo_status("error: x", 0));
    }
}
