//! The `sendlens` command line: reads Rust files, runs [`sendlens::analyze`] on each, and prints
//! the reports as rustc-style frames (default) or as JSON (`--json`).
//!
//! This is the only code that knows about files, processes and terminals; the analysis itself
//! stays pure. Exit codes: 0 when no error-severity diagnostic was found, 1 when one was, 2 when
//! the command line was wrong or some input could not be read or analyzed (the other files are
//! still checked and reported first).
//!
//! The argument parser is hand-written: the surface is four flags and a list of files, and a
//! dependency such as clap would add more build time (and binary size) than this whole file.

// The CLI is native only: its rendering dependencies are not built for wasm32, where the library
// is used through `crate/wasm.rs` instead. The stub keeps `cargo test --target wasm32-...`
// (which builds every binary of the package) compiling.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "\
Explains why async Rust fails Send, Sync or 'static at a spawn site, and how to fix it.

Usage: sendlens [OPTIONS] FILE...

Arguments:
  FILE...               Rust source files to check; `-` reads standard input

Options:
      --json            Print the report as JSON: one file gives one JSON object, several files
                        give JSON Lines (one object per line, with an added \"file\" field)
      --edition <YEAR>  Rust edition the code is checked for: 2021 (default) or 2024
  -h, --help            Print this help
  -V, --version         Print the version

Exit status: 0 no errors found, 1 errors found, 2 bad usage or a file that could not be read.";

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::collections::HashMap;
    use std::io::{self, Read, Write};
    use std::panic::{self, AssertUnwindSafe};
    use std::process::ExitCode;

    use annotate_snippets::renderer::DecorStyle;
    use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
    use sendlens::{Analysis, Applicability, Diagnostic, Edition, Options, Severity};

    use super::USAGE;

    /// The name shown for standard input, in frames and in the `file` field of JSON Lines.
    const STDIN_NAME: &str = "<stdin>";

    #[derive(Debug, PartialEq)]
    struct Args {
        json: bool,
        edition: Edition,
        files: Vec<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Command {
        Check(Args),
        Help,
        Version,
    }

    /// Parses the arguments after the program name. `Err` carries a message for the user.
    fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
        let mut json = false;
        let mut edition = Edition::default();
        let mut files = Vec::new();
        let mut only_files = false;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if only_files || arg == "-" || !arg.starts_with('-') {
                files.push(arg);
                continue;
            }
            // `--edition=2024` and `--edition 2024` are both accepted.
            let (flag, inline_value) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
                _ => (arg.clone(), None),
            };
            match flag.as_str() {
                "--" => only_files = true,
                "-h" | "--help" => return Ok(Command::Help),
                "-V" | "--version" => return Ok(Command::Version),
                "--json" if inline_value.is_none() => json = true,
                "--edition" => {
                    let value = inline_value
                        .or_else(|| args.next())
                        .ok_or_else(|| "--edition needs a value: 2021 or 2024".to_string())?;
                    edition = Edition::parse(&value)
                        .ok_or_else(|| format!("unsupported edition `{value}`: expected 2021 or 2024"))?;
                }
                _ => return Err(format!("unknown option `{arg}`")),
            }
        }
        if files.is_empty() {
            return Err("no input files (use `-` to read standard input)".to_string());
        }
        Ok(Command::Check(Args { json, edition, files }))
    }

    pub fn main() -> ExitCode {
        let command = match parse_args(std::env::args().skip(1)) {
            Ok(command) => command,
            Err(message) => {
                eprintln!("sendlens: {message}\nUsage: sendlens [--json] [--edition 2021|2024] FILE... (see --help)");
                return ExitCode::from(2);
            }
        };
        let result = match command {
            Command::Help => write_stdout(&format!("{USAGE}\n")).map(|()| ExitCode::SUCCESS),
            Command::Version => write_stdout(&format!("sendlens {}\n", sendlens::VERSION)).map(|()| ExitCode::SUCCESS),
            Command::Check(args) => check_files(&args),
        };
        // A closed stdout (`sendlens x.rs | head`) is not worth a message, only a non-zero status.
        result.unwrap_or(ExitCode::from(2))
    }

    /// Why a file got no report. Each is printed on stderr, naming the file.
    enum InputError {
        Io(io::Error),
        Directory,
        NotUtf8 { valid_up_to: usize },
        AnalyzerPanicked(String),
    }

    impl std::fmt::Display for InputError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                InputError::Io(e) => write!(f, "{e}"),
                InputError::Directory => write!(f, "is a directory, not a Rust file"),
                InputError::NotUtf8 { valid_up_to } => {
                    write!(f, "not valid UTF-8 (first invalid byte at offset {valid_up_to})")
                }
                InputError::AnalyzerPanicked(msg) => {
                    write!(f, "internal error: the analyzer panicked ({msg}); please report this file")
                }
            }
        }
    }

    fn read_source(path: &str) -> Result<String, InputError> {
        let bytes = if path == "-" {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map_err(InputError::Io)?;
            buf
        } else {
            // Checked first because reading a directory fails with a less helpful message on some
            // platforms (and succeeds with nothing on others).
            if std::fs::metadata(path).map(|m| m.is_dir()).unwrap_or(false) {
                return Err(InputError::Directory);
            }
            std::fs::read(path).map_err(InputError::Io)?
        };
        String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 { valid_up_to: e.utf8_error().valid_up_to() })
    }

    /// Runs the analyzer, turning a panic (a bug, but the CLI must not crash on it) into an error.
    fn analyze_guarded(source: &str, options: &Options) -> Result<Analysis, InputError> {
        let previous_hook = panic::take_hook();
        panic::set_hook(Box::new(|_| {})); // the message is reported below, once, naming the file
        let result = panic::catch_unwind(AssertUnwindSafe(|| sendlens::analyze(source, options)));
        panic::set_hook(previous_hook);
        result.map_err(|payload| {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            InputError::AnalyzerPanicked(msg)
        })
    }

    fn check_files(args: &Args) -> io::Result<ExitCode> {
        let options = Options { edition: args.edition };
        let json_lines = args.json && args.files.len() > 1;
        let mut any_errors = false;
        let mut any_failures = false;
        let (mut error_count, mut warning_count, mut checked) = (0, 0, 0);
        for path in &args.files {
            let display_name = if path == "-" { STDIN_NAME } else { path.as_str() };
            let analysis = match read_source(path)
                .and_then(|source| analyze_guarded(&source, &options).map(|analysis| (source, analysis)))
            {
                Ok(found) => found,
                Err(e) => {
                    eprintln!("sendlens: {display_name}: {e}");
                    any_failures = true;
                    continue;
                }
            };
            let (source, analysis) = analysis;
            checked += 1;
            any_errors |= analysis.error_count() > 0;
            error_count += analysis.error_count();
            warning_count += analysis.warning_count();
            if json_lines {
                write_json(&(json_line(display_name, &analysis) + "\n"))?;
            } else if args.json {
                write_json(&(to_json(&analysis) + "\n"))?;
            } else {
                write_frames(display_name, &source, &analysis)?;
            }
        }
        if !args.json {
            let files = if checked == 1 { "file" } else { "files" };
            write_stdout(&format!(
                "sendlens: checked {checked} {files}: {}, {}\n",
                plural(error_count, "error"),
                plural(warning_count, "warning")
            ))?;
        }
        Ok(ExitCode::from(if any_failures {
            2
        } else if any_errors {
            1
        } else {
            0
        }))
    }

    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    }

    /// Edits the JSON writes again for fixes that share one list, over the whole report. Each
    /// diagnostic then stays self-contained, as consumers expect; beyond it a fix refers to the
    /// first fix with the same edits instead (`sameEditsAs`), or 16,000 errors sharing a
    /// 16,000-edit fix would be 256 million edits (tens of GB) of output.
    const JSON_REPEATED_EDITS_BUDGET: usize = 200_000;

    /// A fix of a report: (diagnostic index, fix index).
    type FixIndex = (usize, usize);

    /// For each diagnostic's fixes, the earlier fix whose edits it repeats once
    /// [`JSON_REPEATED_EDITS_BUDGET`] is spent; `None` when no fix gets that far (every ordinary
    /// report), so that the report is written as it is.
    fn json_references(analysis: &Analysis) -> Option<Vec<Vec<Option<FixIndex>>>> {
        let mut first_written: HashMap<*const Vec<sendlens::Edit>, FixIndex> = HashMap::new();
        let mut repeated = 0usize;
        let mut any = false;
        let mut references = Vec::with_capacity(analysis.diagnostics.len());
        for (d, diagnostic) in analysis.diagnostics.iter().enumerate() {
            let mut refer = Vec::with_capacity(diagnostic.fixes.len());
            for (f, fix) in diagnostic.fixes.iter().enumerate() {
                let list: &Vec<sendlens::Edit> = &fix.edits;
                refer.push(match first_written.get(&(list as *const _)) {
                    Some(&first) if repeated + list.len() > JSON_REPEATED_EDITS_BUDGET => Some(first),
                    Some(_) => {
                        repeated += list.len();
                        None
                    }
                    None => {
                        first_written.insert(list as *const _, (d, f));
                        None
                    }
                });
            }
            any |= refer.iter().any(Option::is_some);
            references.push(refer);
        }
        any.then_some(references)
    }

    /// The report as JSON when some fixes refer to earlier ones ([`json_references`]): the
    /// library's `Analysis`, except that such a fix has no `edits` but
    /// `"sameEditsAs": {"diagnostic": i, "fix": j}` (indices into this report). Missing `edits`
    /// make a careless consumer fail loudly rather than apply nothing.
    fn json_value(
        analysis: &Analysis,
        references: &[Vec<Option<FixIndex>>],
    ) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::{json, Value};
        let mut diagnostics = Vec::with_capacity(analysis.diagnostics.len());
        for (diagnostic, refer) in analysis.diagnostics.iter().zip(references) {
            if refer.iter().all(Option::is_none) {
                diagnostics.push(serde_json::to_value(diagnostic).unwrap_or(Value::Null));
                continue;
            }
            // Written without the edits it refers to, then given the reference.
            let mut light = diagnostic.clone();
            for (fix, first) in light.fixes.iter_mut().zip(refer) {
                if first.is_some() {
                    fix.edits = sendlens::Edits::default();
                }
            }
            let mut value = serde_json::to_value(&light).unwrap_or(Value::Null);
            if let Some(fixes) = value.get_mut("fixes").and_then(Value::as_array_mut) {
                for (fix, first) in fixes.iter_mut().zip(refer) {
                    if let (Some((d, f)), Some(object)) = (first, fix.as_object_mut()) {
                        object.remove("edits");
                        object.insert("sameEditsAs".into(), json!({ "diagnostic": d, "fix": f }));
                    }
                }
            }
            diagnostics.push(value);
        }
        let mut report = serde_json::Map::new();
        report.insert("version".into(), analysis.version.clone().into());
        report.insert("diagnostics".into(), Value::Array(diagnostics));
        report
    }

    fn to_json(analysis: &Analysis) -> String {
        // Serializing plain data to a String cannot fail.
        match json_references(analysis) {
            None => serde_json::to_string(analysis),
            Some(references) => serde_json::to_string(&json_value(analysis, &references)),
        }
        .unwrap_or_default()
    }

    /// One line of JSON Lines output: the report with the file it belongs to (first, for readers).
    fn json_line(file: &str, analysis: &Analysis) -> String {
        #[derive(serde::Serialize)]
        struct FileReport<'a, T: serde::Serialize> {
            file: &'a str,
            #[serde(flatten)]
            report: T,
        }
        match json_references(analysis) {
            None => serde_json::to_string(&FileReport { file, report: analysis }),
            Some(references) => serde_json::to_string(&FileReport { file, report: json_value(analysis, &references) }),
        }
        .unwrap_or_default()
    }

    /// Writes to stdout through anstream, which keeps colors for a terminal and strips them for
    /// pipes and files (and honours `NO_COLOR` / `CLICOLOR_FORCE`).
    fn write_stdout(text: &str) -> io::Result<()> {
        let mut out = anstream::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// JSON carries no color, so it bypasses anstream's scan for escape codes (a few percent of
    /// the run time on large reports).
    fn write_json(text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    fn write_frames(file: &str, source: &str, analysis: &Analysis) -> io::Result<()> {
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
    fn byte_range(source: &str, span: &sendlens::Span) -> std::ops::Range<usize> {
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

    fn level_of(severity: Severity) -> Level<'static> {
        match severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        }
    }

    /// The whole lines of a file that hold some byte ranges, for the renderer: annotate-snippets
    /// reads every line of the text it is given, so handing it the whole file made each
    /// diagnostic cost the file's length (25,000 errors in a 100,000-line file: 144 s).
    struct Window<'a> {
        text: &'a str,
        /// Byte offset of `text` in the file.
        offset: usize,
        /// 1-based number of its first line.
        first_line: usize,
    }

    /// Byte offsets where the lines of `source` start.
    fn line_starts(source: &str) -> Vec<usize> {
        std::iter::once(0).chain(source.match_indices('\n').map(|(at, _)| at + 1)).collect()
    }

    fn window<'a>(source: &'a str, starts: &[usize], ranges: &[std::ops::Range<usize>]) -> Window<'a> {
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
    const SPLIT_AFTER_LINES: usize = 40;

    /// Groups `ranges` (indices into it) into runs of nearby lines, in file order.
    fn clusters(starts: &[usize], ranges: &[std::ops::Range<usize>]) -> Vec<Vec<usize>> {
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
    const MAX_SHOWN_EDITS: usize = 12;

    /// One diagnostic as annotate-snippets groups: the main frame with labels, notes and help, then
    /// the first fix as a suggestion (rendered as a diff of the lines it touches).
    ///
    /// A file-wide fix (every `Rc` of the file becoming `Arc`) is offered by each diagnostic it
    /// repairs. Its diff is shown once, under the first of them; later ones point back to it by
    /// line (`fixes_shown` maps a shared edit list to that line). A fix with many edits shows the
    /// [`MAX_SHOWN_EDITS`] nearest the culprit and counts the others. Without both, a file with
    /// a thousand such errors printed a thousand copies of a thousand-line diff (139 MB, 19 s).
    fn frame<'a>(
        file: &'a str,
        source: &'a str,
        starts: &[usize],
        diagnostic: &'a Diagnostic,
        fixes_shown: &mut HashMap<*const Vec<sendlens::Edit>, usize>,
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
            main = main
                .element(Snippet::source(shown.text).line_start(shown.first_line).path(file).annotations(annotations));
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
            let list: &Vec<sendlens::Edit> = &fix.edits;
            if let Some(first_line) = fixes_shown.get(&(list as *const _)) {
                let title = format!("{}{safety}: the same fix as for line {first_line}, shown there", fix.title);
                return vec![main.element(Level::HELP.message(title))];
            }
            fixes_shown.insert(list as *const _, line);
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
    fn plain_listing(file: &str, diagnostic: &Diagnostic) -> String {
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

        fn parse(args: &[&str]) -> Result<Command, String> {
            parse_args(args.iter().map(|s| s.to_string()))
        }

        #[test]
        fn flags_and_files_are_parsed_in_any_order() {
            let parsed = parse(&["a.rs", "--edition", "2024", "--json", "-", "b.rs"]);
            assert_eq!(
                parsed,
                Ok(Command::Check(Args {
                    json: true,
                    edition: Edition::E2024,
                    files: vec!["a.rs".into(), "-".into(), "b.rs".into()],
                }))
            );
            assert!(matches!(
                parse(&["--edition=2024", "x.rs"]),
                Ok(Command::Check(Args { edition: Edition::E2024, .. }))
            ));
        }

        #[test]
        fn a_double_dash_makes_the_rest_file_names() {
            let Ok(Command::Check(args)) = parse(&["--", "--json"]) else { panic!("not parsed") };
            assert_eq!(args.files, vec!["--json".to_string()]);
            assert!(!args.json);
        }

        #[test]
        fn bad_usage_is_an_error_message() {
            assert!(parse(&[]).is_err());
            assert!(parse(&["--edition"]).is_err());
            assert!(parse(&["--edition", "2018", "a.rs"]).unwrap_err().contains("2018"));
            assert!(parse(&["--frobnicate", "a.rs"]).unwrap_err().contains("--frobnicate"));
            assert!(parse(&["--json=yes", "a.rs"]).is_err());
        }

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
            let rendered = Renderer::plain().render(&frame(
                "demo.rs",
                source,
                &line_starts(source),
                &diagnostic,
                &mut HashMap::new(),
            ));
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
            let span = sendlens::Span {
                byte_start: 1,
                byte_end: 99,
                start: 0,
                end: 0,
                line: 1,
                col: 1,
                end_line: 1,
                end_col: 1,
            };
            assert_eq!(byte_range(source, &span), 0..2);
        }
    }
}
