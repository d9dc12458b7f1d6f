//! JSON lines: cargo's `--message-format=json` messages and rustc's `--error-format=json`
//! diagnostics.

use serde_json::Value;

use super::text::{self, Budget};
use super::{summary_fact, Child, Diagnostic, Facts, Kind, Level, Origin, Position, Span, SummaryFact};

/// What one JSON line held.
pub(super) enum Found {
    Diagnostic(Box<Diagnostic>),
    /// A diagnostic that only summarises (`aborting due to 2 previous errors`).
    Summary(SummaryFact),
    /// cargo's `build-finished`.
    BuildFinished(bool),
    /// Any other JSON object (`compiler-artifact`, `build-script-executed`, an artifact
    /// notification, ...).
    Other,
}

/// Reads a line that starts with `{`; `None` when it is not a JSON object.
pub(super) fn parse_line(line: &str, budget: &mut Budget) -> Option<Found> {
    let value: Value = serde_json::from_str(line).ok()?;
    let object = value.as_object()?;
    if let Some(reason) = object.get("reason").and_then(Value::as_str) {
        return Some(match reason {
            "compiler-message" => match object.get("message") {
                Some(message) => diagnostic(message, budget),
                None => Found::Other,
            },
            "build-finished" => {
                object.get("success").and_then(Value::as_bool).map_or(Found::Other, Found::BuildFinished)
            }
            _ => Found::Other,
        });
    }
    match object.get("$message_type").and_then(Value::as_str) {
        Some("diagnostic") | None if object.get("message").is_some_and(Value::is_string) => {
            Some(diagnostic(&value, budget))
        }
        _ => Some(Found::Other),
    }
}

fn diagnostic(value: &Value, budget: &mut Budget) -> Found {
    let level = Level::from_word(str_field(value, "level").unwrap_or(""));
    let message = str_field(value, "message").unwrap_or("").to_string();
    let own_spans = spans(value, budget);
    if own_spans.is_empty() {
        if let Some(fact) = summary_fact(level, &message) {
            return Found::Summary(fact);
        }
    }
    let code = value.get("code").and_then(|c| str_field(c, "code")).map(str::to_string);
    let (code, lint) = match code {
        Some(code) if is_error_code(&code) => (Some(code), None),
        Some(lint) => (None, Some(lint)),
        None => (None, None),
    };
    let mut children = Vec::new();
    for child in value.get("children").and_then(Value::as_array).into_iter().flatten() {
        if budget.child() {
            children.push(Child {
                level: Level::from_word(str_field(child, "level").unwrap_or("")),
                message: str_field(child, "message").unwrap_or("").to_string(),
                spans: spans(child, budget),
                suggestion: None,
            });
        }
    }
    let rendered = str_field(value, "rendered")
        .map(|r| r.lines().map(|l| text::clean_line(l, false)).collect::<Vec<_>>().join("\n"));
    Found::Diagnostic(Box::new(Diagnostic {
        level,
        code,
        lint,
        message,
        spans: own_spans,
        children,
        rendered: rendered.unwrap_or_default().trim_end().to_string(),
        origin: Origin::Json,
        input_line: 0,
        kind: Kind::Other,
        facts: Facts::default(),
    }))
}

/// `E` and four digits.
pub(super) fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn number(value: &Value, key: &str) -> Option<u32> {
    value.get(key).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok())
}

fn spans(value: &Value, budget: &mut Budget) -> Vec<Span> {
    let Some(list) = value.get("spans").and_then(Value::as_array) else { return Vec::new() };
    list.iter().filter_map(|s| span(s, budget)).collect()
}

fn span(value: &Value, budget: &mut Budget) -> Option<Span> {
    let start = Position { line: number(value, "line_start")?, col: number(value, "column_start")? };
    let file = str_field(value, "file_name").unwrap_or("");
    if !budget.span(file.len()) {
        return None;
    }
    let end = match (number(value, "line_end"), number(value, "column_end")) {
        (Some(line), Some(col)) => Some(Position { line, col }),
        _ => None,
    };
    Some(Span {
        file: file.to_string(),
        start,
        end,
        primary: value.get("is_primary").and_then(Value::as_bool).unwrap_or(false),
        // An empty label is drawn as none.
        label: str_field(value, "label").filter(|l| !l.is_empty()).map(str::to_string),
        text: highlighted(value, budget),
        replacement: str_field(value, "suggested_replacement").map(str::to_string),
    })
}

/// The highlighted text of a span's `text` lines (`highlight_start`/`highlight_end` are 1-based
/// character columns, the end exclusive).
fn highlighted(value: &Value, budget: &mut Budget) -> Option<String> {
    let lines = value.get("text")?.as_array()?;
    let last = lines.len().checked_sub(1)?;
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = str_field(line, "text")?;
        let from = if i == 0 { number(line, "highlight_start")?.saturating_sub(1) as usize } else { 0 };
        let to = if i == last { number(line, "highlight_end")?.saturating_sub(1) as usize } else { usize::MAX };
        if i > 0 {
            out.push('\n');
        }
        let piece = text.chars().skip(from).take(to.saturating_sub(from));
        let before = out.len();
        out.extend(piece);
        if !budget.take(out.len() - before) {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<Found> {
        parse_line(line, &mut Budget::for_input(line.len()))
    }

    #[test]
    fn cargo_wrapper_and_bare() {
        let bare = r#"{"$message_type":"diagnostic","message":"borrow of moved value: `totals`","code":{"code":"E0382","explanation":"..."},"level":"error","spans":[{"file_name":"a.rs","byte_start":0,"byte_end":6,"line_start":10,"line_end":10,"column_start":22,"column_end":28,"is_primary":true,"text":[{"text":"    println!(\"{:?}\", totals.lock().unwrap());","highlight_start":22,"highlight_end":28}],"label":"value borrowed here after move","suggested_replacement":null,"suggestion_applicability":null,"expansion":null}],"children":[],"rendered":"\u001b[1merror\u001b[0m: x\n"}"#;
        let Some(Found::Diagnostic(d)) = read(bare) else { panic!("a diagnostic") };
        assert_eq!(d.code.as_deref(), Some("E0382"));
        assert_eq!(d.spans[0].text.as_deref(), Some("totals"));
        assert_eq!(d.spans[0].start, Position { line: 10, col: 22 });
        assert_eq!(d.rendered, "error: x");
        let wrapped = format!(r#"{{"reason":"compiler-message","package_id":"x","message":{bare}}}"#);
        let Some(Found::Diagnostic(w)) = read(&wrapped) else { panic!("a diagnostic") };
        assert_eq!(w.message, d.message);
        assert!(matches!(read(r#"{"reason":"compiler-artifact","filenames":[]}"#), Some(Found::Other)));
        assert!(matches!(read(r#"{"reason":"build-finished","success":false}"#), Some(Found::BuildFinished(false))));
        assert!(matches!(
            read(r#"{"$message_type":"artifact","artifact":"x.rmeta","emit":"metadata"}"#),
            Some(Found::Other)
        ));
        assert!(matches!(
            read(
                r#"{"$message_type":"diagnostic","message":"aborting due to 2 previous errors","code":null,"level":"error","spans":[],"children":[],"rendered":"error: aborting due to 2 previous errors\n\n"}"#
            ),
            Some(Found::Summary(SummaryFact::Rustc { errors: 2, warnings: 0 }))
        ));
        assert!(read("{not json").is_none());
        assert!(read("{}").is_some_and(|f| matches!(f, Found::Other)));
    }

    #[test]
    fn lint_codes_and_odd_numbers() {
        let line = r#"{"message":"unused variable: `x`","code":{"code":"unused_variables"},"level":"warning","spans":[{"file_name":"a.rs","line_start":99999999999,"line_end":1,"column_start":1,"column_end":2,"is_primary":true},{"file_name":"a.rs","line_start":3,"line_end":3,"column_start":5,"column_end":6,"is_primary":true,"text":[{"text":"日本","highlight_start":2,"highlight_end":3}]}],"children":[]}"#;
        let Some(Found::Diagnostic(d)) = read(line) else { panic!("a diagnostic") };
        assert_eq!(d.code, None);
        assert_eq!(d.lint.as_deref(), Some("unused_variables"));
        assert_eq!(d.spans.len(), 1, "the span with a line beyond u32 is left out");
        assert_eq!(d.spans[0].text.as_deref(), Some("本"));
    }
}
