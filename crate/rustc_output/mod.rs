//! The compiler's own words, read back: a parser of rustc's and cargo's output into structured
//! diagnostics, for "explain the error you already have" (a person pastes what the compiler said
//! next to the code, or pipes `cargo check --message-format=json` into the CLI).
//!
//! One entry point, [`parse`]: text in, [`Parsed`] out. It accepts, in any mix:
//! - rustc's and cargo's human-readable output as pasted from a terminal: headers
//!   (`error[E0277]: ...`), `-->`/`:::` locations, the annotated source (`|` gutter, `^^^` primary
//!   and `---` secondary labels, multi-line spans drawn with `_`, `|` and `/`, `...` elisions, cut
//!   long lines), `= note:` lines, child `note:`/`help:` diagnostics, suggestions (shown as
//!   [`Child::suggestion`]), summaries (`aborting due to`, `could not compile`, `generated N
//!   warnings`, `For more information ...`) and cargo's status lines (`Compiling`, `Finished`);
//!   also the one-line `--message-format=short` form;
//! - ANSI colour codes (also with the escape character lost in the paste), CRLF line ends, tabs,
//!   non-breaking spaces, paths of other machines (`C:\...`, `src\main.rs`);
//! - JSON lines: cargo's `{"reason":"compiler-message","message":{...}}` (other reasons counted
//!   and skipped) and rustc's bare `--error-format=json` diagnostics.
//!
//! Each diagnostic is classified ([`Kind`]) and the facts its messages and labels carry are
//! extracted ([`Facts`]): the type that is not `Send`, where the await is, which spawn function
//! requires the bound, the axum handler, the moved variable, ...
//!
//! # Invariants
//! - A bottom layer: it imports nothing else from this crate, does no I/O and keeps no state; it
//!   runs the same in the CLI and in the browser (wasm32).
//! - Never panics; time and memory are linear in the input: copied source texts and file names
//!   stay within a budget proportional to the input, diagnostics, children and spans within caps
//!   far above real compiler output (what they leave out is counted in [`Dropped`]), and no step
//!   looks back further than the current snippet's rows. Measured (release build): about 50 MB/s
//!   on human output, 10 MB of mixed fixture output in 0.17 s.
//! - Nothing is dropped silently: a diagnostic that is not understood is kept as [`Kind::Other`]
//!   with its text, and every input line is counted in [`LineCounts`], unrecognised ones too.
//! - Positions are what the compiler printed: lines and columns 1-based, columns in characters
//!   (Unicode scalar values, as rustc counts them), end columns exclusive. Where the human output
//!   hides a column (tabs shown as 4 spaces, long lines cut), it is recovered from the `-->` line
//!   when that is possible; [`Span::text`] is the quoted source, for re-anchoring.

mod classify;
mod human;
mod json;
mod snippet;
mod text;

use std::collections::HashSet;

use serde::Serialize;

pub use classify::classify;

/// What [`parse`] found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Parsed {
    /// Top-level diagnostics in input order (summary lines such as `aborting due to` are not
    /// diagnostics: they go to [`Parsed::summary`]).
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    pub lines: LineCounts,
    /// What the parse left out to keep its memory proportional to the input (never on real
    /// compiler output: the caps are far above it).
    pub dropped: Dropped,
}

/// Counts of what [`parse`] left out: diagnostics beyond 20,000, children and spans beyond
/// 200,000, spans whose file names would have copied more than three times the input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dropped {
    pub diagnostics: usize,
    pub children: usize,
    pub spans: usize,
}

/// One diagnostic: `error[E0277]: ...` and everything under it up to the blank line, or one JSON
/// diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    /// The error code (`E0277`); lint names are in [`Diagnostic::lint`].
    pub code: Option<String>,
    /// The lint (`unused_variables`): the JSON code of a lint warning, or in human output the
    /// lint named by its `#[warn(...)]` note.
    pub lint: Option<String>,
    pub message: String,
    /// The diagnostic's own spans: primary ones first as the compiler gave them, then secondary.
    pub spans: Vec<Span>,
    pub children: Vec<Child>,
    /// The diagnostic as the compiler rendered it (ANSI codes removed): the lines of the human
    /// output, or the JSON `rendered` field (empty when it was null).
    pub rendered: String,
    pub origin: Origin,
    /// 1-based line of the input where the diagnostic starts.
    pub input_line: usize,
    pub kind: Kind,
    pub facts: Facts,
}

/// A note, help or other sub-diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Child {
    pub level: Level,
    pub message: String,
    pub spans: Vec<Span>,
    /// Human output only: the code a suggestion shows (its `~`/`+`/`|` lines, joined by `\n`).
    /// JSON suggestions are in [`Span::replacement`].
    pub suggestion: Option<String>,
}

/// A region of a file the compiler pointed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The file name as written (`src/main.rs`, `C:\proj\src\main.rs`, `/rustc/.../mod.rs`).
    pub file: String,
    pub start: Position,
    /// Exclusive end; `None` when the output does not show it (a location without source lines).
    pub end: Option<Position>,
    pub primary: bool,
    pub label: Option<String>,
    /// The source text the span covers, where the output quotes all of it.
    pub text: Option<String>,
    /// JSON only: the suggested replacement of this span.
    pub replacement: Option<String>,
}

/// A 1-based line and 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Error,
    Warning,
    Note,
    Help,
    FailureNote,
    InternalCompilerError,
    Other,
}

impl Level {
    fn from_word(word: &str) -> Level {
        match word {
            "error" => Level::Error,
            "warning" => Level::Warning,
            "note" => Level::Note,
            "help" => Level::Help,
            "failure-note" => Level::FailureNote,
            "error: internal compiler error" => Level::InternalCompilerError,
            _ => Level::Other,
        }
    }
}

/// Which form of output a diagnostic was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Human,
    /// `--error-format=short` / `--message-format=short`: `file:line:col: error: message`.
    Short,
    Json,
}

/// What sendlens cares about in a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// "future cannot be sent between threads safely"
    FutureNotSend,
    /// "future cannot be shared between threads safely"
    FutureNotShared,
    /// E0277 "`X` cannot be sent between threads safely"
    CannotBeSent,
    /// E0277 "`X` cannot be shared between threads safely"
    CannotBeShared,
    /// E0373 "closure may outlive the current function, but it borrows `x`"
    BorrowMayOutlive,
    /// E0597 "`x` does not live long enough"
    DoesNotLiveLongEnough,
    /// E0521 "borrowed data escapes outside of function"
    BorrowedDataEscapes,
    /// E0382 "use of moved value: `x`" / "borrow of moved value: `x`"
    UseAfterMove,
    /// E0310 "the parameter type `T` may not live long enough"
    ParamMayNotLiveLongEnough,
    /// E0502 "cannot borrow `x` as mutable because it is also borrowed as immutable"
    MutableBorrowConflict,
    /// E0277 on an axum handler: "the trait bound `fn(..) -> .. {name}: Handler<_, _>` is not
    /// satisfied", or `FromFn<..{name}..>: Service<..>` for `middleware::from_fn`.
    AxumHandler,
    Other,
}

/// The facts a diagnostic's messages and labels carry, as far as sendlens uses them. Types are
/// as rustc printed them (`Rc<RefCell<i32>>`, `std::sync::MutexGuard<'_, Vec<i32>>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// `Send` or `Sync`: the auto trait a Send/Sync kind is about.
    pub auto_trait: Option<String>,
    /// What the message names: `X` in "`X` cannot be sent between threads safely", the variable
    /// of E0373/E0382/E0502/E0597, the parameter `T` of E0310, the function of E0521 ("function"
    /// or "closure" when rustc names none).
    pub subject: Option<String>,
    /// "within `Outer`, the trait `Send` is not implemented for `Inner`" (and the same without
    /// "within").
    pub not_implemented: Vec<NotImplemented>,
    /// "has type `T` which is not `Send`": the value's type and the span the label is on.
    pub typed_values: Vec<TypedValue>,
    /// "captured value is not `Send`" notes, with the captured value's span.
    pub captured: Vec<Captured>,
    /// "await occurs here, with `x` maybe used later" / "await occurs here on type `T`, which is
    /// not `Send`".
    pub awaits: Vec<AwaitPoint>,
    /// "`x` is later dropped here".
    pub later_drops: Vec<NamedSpan>,
    /// "required by a bound in `tokio::spawn`": the item that requires the bound.
    pub required_by: Vec<RequiredBy>,
    /// "future returned by `worker` is not `Send`": the async fn.
    pub future_of: Option<String>,
    /// The axum handler (or `from_fn` middleware) function named in the fn item type.
    pub handler: Option<String>,
    /// E0382: the moved variable, its type, where it moved and where it was used after.
    pub moved: Option<Moved>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotImplemented {
    /// The outer type of "within `Outer`, ..." (often an `{async block@file:l:c: l:c}`).
    pub within: Option<String>,
    /// The trait, as written: `Send`, `Sync`, `Handler<_, _>`, ...
    pub trait_name: String,
    pub ty: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypedValue {
    pub ty: String,
    pub trait_name: String,
    /// ", because `Conn<'_>` is not `Sync`": the type the reason names.
    pub because: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Captured {
    pub trait_name: String,
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwaitPoint {
    /// The binding maybe used later (`guard`; a `mut ` prefix is dropped).
    pub binding: Option<String>,
    /// "await occurs here on type `T`, which is not `Send`": the awaited future's type.
    pub on_type: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedSpan {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequiredBy {
    /// `tokio::spawn`, `std::thread::spawn` (as rustc names it: `spawn`), `post`, ...
    pub item: String,
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub name: String,
    /// From "move occurs because `x` has type `T`, which does not implement the `Copy` trait".
    pub ty: Option<String>,
    /// The "value moved here" span.
    pub moved_at: Option<Span>,
    /// The primary span: the use after the move.
    pub used_at: Option<Span>,
}

/// What the compiler said about the whole run, and what was counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Top-level diagnostics kept at level error (internal compiler errors included).
    pub errors: usize,
    /// Top-level diagnostics kept at level warning.
    pub warnings: usize,
    /// Errors the compiler said it reported: `aborting due to N previous errors`, cargo's
    /// `could not compile ... due to N previous errors` (summed over crates).
    pub stated_errors: Option<usize>,
    /// Warnings the compiler said it reported: `N warnings emitted`, cargo's `generated N
    /// warnings` (a crate's count is taken once though cargo says it twice).
    pub stated_warnings: Option<usize>,
    /// Codes named by `For more information about this error, try `rustc --explain E0277``
    /// and `Some errors have detailed explanations: ...`.
    pub explained_codes: Vec<String>,
    /// Crates cargo said it could not compile (as quoted: `multi_file`).
    pub failed_crates: Vec<String>,
    /// cargo's JSON `build-finished` message.
    pub build_success: Option<bool>,
}

/// Every input line, counted once by what it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LineCounts {
    pub total: usize,
    /// Lines of human-readable (or short) diagnostics.
    pub human: usize,
    /// JSON lines holding a diagnostic.
    pub json_diagnostics: usize,
    /// JSON lines of other messages: cargo's `compiler-artifact`, `build-script-executed`,
    /// `build-finished`, rustc's artifact notifications, summary diagnostics.
    pub json_other: usize,
    /// cargo's status lines (`Compiling`, `Checking`, `Finished`, ...).
    pub cargo_status: usize,
    /// Summary lines (`error: aborting due to ...`, `For more information ...`).
    pub summary: usize,
    pub blank: usize,
    /// Markdown code fences (```` ``` ````) around a paste.
    pub fences: usize,
    /// Lines that are none of the above. Inside a diagnostic they are kept in its `rendered`.
    pub unrecognised: usize,
    /// The first few unrecognised lines' 1-based numbers.
    pub unrecognised_at: Vec<usize>,
}

/// How many unrecognised line numbers [`LineCounts::unrecognised_at`] keeps.
const UNRECOGNISED_SAMPLE: usize = 20;

/// Parses compiler output. Never panics; linear in the input.
pub fn parse(input: &str) -> Parsed {
    let mut out = Out {
        parsed: Parsed::default(),
        budget: text::Budget::for_input(input.len()),
        warned: HashSet::new(),
        seen: HashSet::new(),
    };
    let esc_less = text::has_escape_less_ansi(input);
    let mut human = human::Parser::default();
    // A final newline ends the last line; it does not start another.
    let body = input.strip_suffix('\n').unwrap_or(input);
    let lines = if input.is_empty() { None } else { Some(body.split('\n')) };
    for (index, raw) in lines.into_iter().flatten().enumerate() {
        let number = index + 1;
        out.parsed.lines.total += 1;
        // JSON is read as it is: cleaning could change what its strings hold.
        let json_line = raw.trim();
        if json_line.starts_with('{') {
            if let Some(found) = json::parse_line(json_line, &mut out.budget) {
                human.close(&mut out);
                match found {
                    json::Found::Diagnostic(diagnostic) => {
                        let mut diagnostic = *diagnostic;
                        diagnostic.input_line = number;
                        out.parsed.lines.json_diagnostics += 1;
                        out.push(diagnostic);
                    }
                    json::Found::Summary(fact) => {
                        out.parsed.lines.json_other += 1;
                        out.summary_fact(fact);
                    }
                    json::Found::BuildFinished(success) => {
                        out.parsed.lines.json_other += 1;
                        out.parsed.summary.build_success = Some(success);
                    }
                    json::Found::Other => out.parsed.lines.json_other += 1,
                }
                continue;
            }
        }
        let line = text::clean_line(raw, esc_less);
        if line.trim_start().is_empty() {
            human.blank(&mut out);
            out.parsed.lines.blank += 1;
            continue;
        }
        human.line(&line, number, &mut out);
    }
    human.close(&mut out);
    out.finish()
}

/// A fact from a summary line, human or JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SummaryFact {
    /// `aborting due to N previous errors; M warnings emitted` / `M warnings emitted`.
    Rustc {
        errors: usize,
        warnings: usize,
    },
    /// cargo's `could not compile `x` (bin "x") due to N previous errors; M warnings emitted`.
    CouldNotCompile {
        krate: String,
        target: String,
        errors: usize,
        warnings: usize,
    },
    /// cargo's `warning: `x` (bin "x") generated N warnings`.
    Generated {
        target: String,
        warnings: usize,
    },
    Explain(Vec<String>),
    /// Other summary text (`build failed, waiting for other jobs to finish...`).
    Plain,
}

/// The parse under way: what is found so far and the copy budget.
struct Out {
    parsed: Parsed,
    budget: text::Budget,
    /// cargo targets whose warnings were already counted (`generated N warnings` and `could not
    /// compile ...; N warnings emitted` say the same number).
    warned: HashSet<String>,
    /// What `summary.failed_crates` and `summary.explained_codes` hold, for quick lookup.
    seen: HashSet<String>,
}

impl Out {
    fn push(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.lint.is_none() {
            diagnostic.lint = classify::lint_from_notes(&diagnostic.children);
        }
        if !self.budget.diagnostic() {
            return;
        }
        classify::classify(&mut diagnostic);
        match diagnostic.level {
            Level::Error | Level::InternalCompilerError => self.parsed.summary.errors += 1,
            Level::Warning => self.parsed.summary.warnings += 1,
            _ => {}
        }
        self.parsed.diagnostics.push(diagnostic);
    }

    fn unrecognised(&mut self, number: usize) {
        let lines = &mut self.parsed.lines;
        lines.unrecognised += 1;
        if lines.unrecognised_at.len() < UNRECOGNISED_SAMPLE {
            lines.unrecognised_at.push(number);
        }
    }

    fn summary_fact(&mut self, fact: SummaryFact) {
        let summary = &mut self.parsed.summary;
        let add = |slot: &mut Option<usize>, n: usize| *slot = Some(slot.unwrap_or(0).saturating_add(n));
        match fact {
            SummaryFact::Rustc { errors, warnings } => {
                if errors > 0 {
                    add(&mut summary.stated_errors, errors);
                }
                if warnings > 0 || errors == 0 {
                    add(&mut summary.stated_warnings, warnings);
                }
            }
            SummaryFact::CouldNotCompile { krate, target, errors, warnings } => {
                add(&mut summary.stated_errors, errors);
                if warnings > 0 && self.warned.insert(target) {
                    add(&mut summary.stated_warnings, warnings);
                }
                if self.seen.insert(format!("crate {krate}")) {
                    summary.failed_crates.push(krate);
                }
            }
            SummaryFact::Generated { target, warnings } => {
                if self.warned.insert(target) {
                    add(&mut summary.stated_warnings, warnings);
                }
            }
            SummaryFact::Explain(codes) => {
                for code in codes {
                    if self.seen.insert(format!("code {code}")) {
                        summary.explained_codes.push(code);
                    }
                }
            }
            SummaryFact::Plain => {}
        }
    }

    fn finish(mut self) -> Parsed {
        self.parsed.dropped = self.budget.dropped;
        self.parsed
    }
}

/// Reads a summary line's message (the text after `error: `/`warning: `, or a failure note).
fn summary_fact(level: Level, message: &str) -> Option<SummaryFact> {
    let message = message.trim();
    match level {
        Level::Error => {
            if let Some(rest) = message.strip_prefix("aborting due to ") {
                let (errors, warnings) = text::counts(rest);
                // "aborting due to previous error" (older rustc): one.
                return Some(SummaryFact::Rustc { errors: errors.max(1), warnings });
            }
            if let Some(rest) = message.strip_prefix("could not compile ") {
                let target = rest.split(" due to ").next().unwrap_or(rest).to_string();
                let krate = text::between(rest, '`', '`').unwrap_or(&target).to_string();
                let (errors, warnings) = rest.split_once(" due to ").map_or((0, 0), |(_, c)| text::counts(c));
                return Some(SummaryFact::CouldNotCompile { krate, target, errors, warnings });
            }
            if message == "build failed" {
                return Some(SummaryFact::Plain);
            }
            None
        }
        Level::Warning => {
            if message.starts_with("build failed, waiting for other jobs") {
                return Some(SummaryFact::Plain);
            }
            if let Some((target, count)) = message.split_once(" generated ") {
                if target.starts_with('`') {
                    let (warnings, _) = text::leading_number(count)?;
                    return Some(SummaryFact::Generated { target: target.to_string(), warnings });
                }
            }
            let (warnings, rest) = text::leading_number(message)?;
            (rest.starts_with(" warning") && rest.trim_end().ends_with("emitted"))
                .then_some(SummaryFact::Rustc { errors: 0, warnings })
        }
        Level::FailureNote | Level::Other => explain_fact(message),
        _ => None,
    }
}

/// `For more information about this error, try `rustc --explain E0277`.` and `Some errors have
/// detailed explanations: E0277, E0382.`
fn explain_fact(message: &str) -> Option<SummaryFact> {
    if message.starts_with("For more information about") {
        let code = message.split("--explain ").nth(1).map(|c| c.trim_end_matches(['`', '.', ' ']));
        return Some(SummaryFact::Explain(code.map(str::to_string).into_iter().collect()));
    }
    let rest = message.strip_prefix("Some errors have detailed explanations: ")?;
    let codes = rest.trim_end_matches('.').split(", ").map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    Some(SummaryFact::Explain(codes.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        assert_eq!(
            summary_fact(Level::Error, "aborting due to 3 previous errors; 1 warning emitted"),
            Some(SummaryFact::Rustc { errors: 3, warnings: 1 })
        );
        assert_eq!(
            summary_fact(Level::Error, "aborting due to previous error"),
            Some(SummaryFact::Rustc { errors: 1, warnings: 0 })
        );
        assert_eq!(
            summary_fact(Level::Warning, "4 warnings emitted"),
            Some(SummaryFact::Rustc { errors: 0, warnings: 4 })
        );
        assert_eq!(
            summary_fact(
                Level::Error,
                "could not compile `multi_file` (bin \"multi_file\") due to 4 previous errors; 1 warning emitted"
            ),
            Some(SummaryFact::CouldNotCompile {
                krate: "multi_file".into(),
                target: "`multi_file` (bin \"multi_file\")".into(),
                errors: 4,
                warnings: 1
            })
        );
        assert_eq!(
            summary_fact(
                Level::Warning,
                "`warnings` (bin \"warnings\") generated 4 warnings (run `cargo fix --bin \"warnings\" -p warnings` to apply 3 suggestions)"
            ),
            Some(SummaryFact::Generated { target: "`warnings` (bin \"warnings\")".into(), warnings: 4 })
        );
        assert_eq!(
            summary_fact(Level::FailureNote, "Some errors have detailed explanations: E0277, E0382."),
            Some(SummaryFact::Explain(vec!["E0277".into(), "E0382".into()]))
        );
        assert_eq!(summary_fact(Level::Warning, "unused variable: `x`"), None);
        assert_eq!(summary_fact(Level::Error, "future cannot be sent between threads safely"), None);
    }

    #[test]
    fn cargo_counts_a_crate_once() {
        let text = "warning: `a` (bin \"a\") generated 1 warning\nerror: could not compile `a` (bin \"a\") due to 2 previous errors; 1 warning emitted\n";
        let parsed = parse(text);
        assert_eq!(parsed.summary.stated_errors, Some(2));
        assert_eq!(parsed.summary.stated_warnings, Some(1));
        assert_eq!(parsed.summary.failed_crates, vec!["a".to_string()]);
        assert_eq!(parsed.lines.summary, 2);
        assert_eq!(parsed.lines.total, 2);
    }

    #[test]
    fn empty_input() {
        let parsed = parse("");
        assert!(parsed.diagnostics.is_empty());
        assert_eq!(parsed.lines.total, 0);
        assert_eq!(parse("\n").lines.total, 1);
    }
}
