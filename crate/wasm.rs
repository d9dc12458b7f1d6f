//! The wasm API: the only module that knows about JavaScript.
//!
//! A thin face over the pure core, in the manner of ruff's `ruff_wasm`: every result is a plain
//! serde value, every error goes through [`into_error`], and the TypeScript section below declares
//! the same shapes for the JS side.
//!
//! # How values cross (chosen on size and speed figures, README "Speed and size")
//! Results go to JS as JSON text handed to the engine's own `JSON.parse`, not through
//! `serde_wasm_bindgen`'s serializer, which builds the object with a JS call per field. On the
//! wire spans, labels and edits are arrays, each edit list is written once, and a small JS
//! snippet (`reportFromWire`) rebuilds the documented shape: that halved the hand-over of a
//! 1,000-line file's report in Node (1.2–1.5 ms -> 0.5–0.7 ms) and took it from ~0.7 to ~0.6 ms
//! in Chromium, where writing JSON at opt-level "z" is most of it. The two
//! small inputs (`options`, a `Fix`) are read field by field with `Reflect` ([`read_options`],
//! [`read_fix`]) instead of a serde deserializer: serde's deserializers, with their error
//! messages (which format floats), were 15 KB of the 215 KB brotli'd wasm. The callers still get
//! and give plain objects, and a missing or mistyped field is still an error.
//!
//! # Position encoding
//! Every `start`/`end` in a reported span counts **UTF-16 code units**, the unit of JavaScript
//! string indices and of editors such as CodeMirror. `byteStart`/`byteEnd` count UTF-8 bytes (what
//! `applyFix` uses internally); `line`/`col` are 1-based, columns in chars.
//!
//! # Panics
//! The analysis is meant never to panic. If it does anyway, the wasm instance traps and must be
//! considered dead: the page runs it in a worker and recreates the worker. Debug builds install a
//! panic hook that prints the panic message to the console first.

use wasm_bindgen::prelude::*;

use js_sys::{Array, Reflect};

use crate::options::{Edition, Options};
use crate::report::{Analysis, Applicability, Edit, Fix, Span};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Offsets: `start`/`end` are UTF-16 code units (JS string indices); `byteStart`/`byteEnd` are
 * UTF-8 bytes; `line`/`col`/`endLine`/`endCol` are 1-based, columns in chars, `endCol` exclusive. */
export interface Span {
  byteStart: number;
  byteEnd: number;
  start: number;
  end: number;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}
export type Severity = "error" | "warning" | "info";
export type Applicability = "safe" | "unsafe" | "displayOnly";
export interface Label { span: Span; message: string; primary: boolean; }
export interface Edit { span: Span; replacement: string; }
export interface Fix { title: string; applicability: Applicability; edits: Edit[]; }
export interface Diagnostic {
  /** The id of the rule that found it (see `rules()`). */
  rule: string;
  severity: Severity;
  /** One line that stands alone. */
  message: string;
  /** Exactly one label is primary: the culprit. */
  labels: Label[];
  notes: string[];
  help: string[];
  /** Best first. */
  fixes: Fix[];
}
export interface Analysis { version: string; diagnostics: Diagnostic[]; }
export type Edition = "2021" | "2024";
export interface Options { edition?: Edition; }
/** Analyzes one Rust source file; `options` defaults to edition 2021. */
export function analyze(source: string, options?: Options): Analysis;
export interface RuleDoc {
  id: string;
  title: string;
  /** Markdown. */
  docs: string;
  /** A complete program that triggers the rule. */
  example: string;
}
"#;

/// Runs once when the module is instantiated.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("sendlens panicked: {info}"));
    }));
}

#[cfg(debug_assertions)]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Every error handed to JS goes through here.
fn into_error(err: impl std::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

/// The report as it crosses to JS: each edit list appears once in `sharedEdits`, and a fix names
/// its list by index. A file-wide fix (every `Rc` of the file becoming `Arc`) is offered by every
/// diagnostic it repairs; written out per diagnostic, the JSON grew with errors × mentions (6 MB
/// for a 10,000-line file, 554 MB for 100,000 lines, past V8's longest string). [`analysis_to_js`]
/// puts the shared arrays back into each fix, so JS sees the documented shape (`fix.edits` is an
/// `Edit[]`) with one array object per list, which `postMessage` also keeps shared.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct WireAnalysis<'a> {
    version: &'a str,
    diagnostics: Vec<WireDiagnostic<'a>>,
    shared_edits: Vec<WireEdits<'a>>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct WireDiagnostic<'a> {
    rule: &'a str,
    severity: crate::report::Severity,
    message: &'a str,
    labels: WireLabels<'a>,
    notes: &'a [String],
    help: &'a [String],
    fixes: Vec<WireFix<'a>>,
}

// Spans do not cross as JSON: their eight numbers go in one `Uint32Array`, in the order the
// JSON holds what they belong to (every edit of `sharedEdits`, list by list, then the labels of
// each diagnostic), and `reportFromWire` takes them eight at a time as it rebuilds. Spans were
// half the report's JSON as objects and a fifth as arrays, and writing and parsing JSON is most
// of the hand-over (serde_json at opt-level "z", then `JSON.parse`).

/// The eight numbers of a span, as `reportFromWire` reads them.
fn push_span(spans: &mut Vec<u32>, span: &Span) {
    let Span { byte_start, byte_end, start, end, line, col, end_line, end_col } = *span;
    // Every position fits: inputs are at most `limits::MAX_BYTES` (8 MiB).
    spans.extend([byte_start, byte_end, start, end, line, col, end_line, end_col].map(|n| n as u32));
}

/// Labels as `[message, primary]` (their spans in the span array).
struct WireLabels<'a>(&'a [crate::report::Label]);

impl serde::Serialize for WireLabels<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|l| (l.message.as_str(), l.primary)))
    }
}

/// Edits as their replacement text (their spans in the span array).
struct WireEdits<'a>(&'a [Edit]);

impl serde::Serialize for WireEdits<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|e| e.replacement.as_str()))
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct WireFix<'a> {
    title: &'a str,
    applicability: Applicability,
    /// Index into `sharedEdits`.
    edits: usize,
}

fn analysis_to_js(analysis: &Analysis) -> Result<JsValue, JsError> {
    let mut index_of = crate::fast::hash::HashMap::default();
    let mut shared_edits: Vec<WireEdits> = Vec::new();
    // Every field of `Diagnostic` and `Fix` is named, so a new one does not compile until it is
    // carried here too.
    let diagnostics = analysis
        .diagnostics
        .iter()
        .map(|d| {
            let crate::report::Diagnostic { rule, severity, message, labels, notes, help, fixes } = d;
            let fixes = fixes
                .iter()
                .map(|fix| {
                    let Fix { title, applicability, edits } = fix;
                    let edits = *index_of.entry(edits.shared_id()).or_insert_with(|| {
                        shared_edits.push(WireEdits(edits.as_slice()));
                        shared_edits.len() - 1
                    });
                    WireFix { title, applicability: *applicability, edits }
                })
                .collect();
            WireDiagnostic { rule, severity: *severity, message, labels: WireLabels(labels), notes, help, fixes }
        })
        .collect();
    let wire = WireAnalysis { version: &analysis.version, diagnostics, shared_edits };
    let mut spans = Vec::new();
    for edit in wire.shared_edits.iter().flat_map(|list| list.0) {
        push_span(&mut spans, &edit.span);
    }
    for label in wire.diagnostics.iter().flat_map(|d| d.labels.0) {
        push_span(&mut spans, &label.span);
    }
    let text = serde_json::to_string(&wire).map_err(into_error)?;
    report_from_wire(&text, &spans).map_err(|_| {
        into_error(format!("the report ({} bytes of JSON) is too large to hand to JavaScript", text.len()))
    })
}

// The wire JSON made the documented shape in one call into JS: spans and labels and edits become
// objects again, and each fix gets its shared edit list (one array object per list, which
// `postMessage` also keeps shared). A module snippet, not `Function::new`, which is eval and
// refused by the page's CSP.
#[wasm_bindgen(inline_js = "export function reportFromWire(text, spans) {
  const report = JSON.parse(text);
  let at = 0;
  const span = () => {
    const s = { byteStart: spans[at], byteEnd: spans[at + 1], start: spans[at + 2], end: spans[at + 3], line: spans[at + 4], col: spans[at + 5], endLine: spans[at + 6], endCol: spans[at + 7] };
    at += 8;
    return s;
  };
  const shared = report.sharedEdits.map((list) => list.map((replacement) => ({ span: span(), replacement })));
  for (const d of report.diagnostics) {
    d.labels = d.labels.map((l) => ({ span: span(), message: l[0], primary: l[1] }));
    for (const f of d.fixes) f.edits = shared[f.edits];
  }
  delete report.sharedEdits;
  return report;
}")]
extern "C" {
    /// Fails (a JS exception) when `text` is longer than the engine's longest string (V8:
    /// 2^29 - 24 units), which a report with thousands of file-wide fixes can reach. `spans`
    /// is a view of wasm memory, read before this returns.
    #[wasm_bindgen(catch, js_name = reportFromWire)]
    fn report_from_wire(text: &str, spans: &[u32]) -> Result<JsValue, JsValue>;
}

fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(into_error)?;
    // serde_json writes valid JSON: what fails is a text longer than the engine's longest string
    // (V8: 2^29 - 24 units), which a report with thousands of file-wide fixes can reach.
    js_sys::JSON::parse(&text).map_err(|_| {
        into_error(format!("the report ({} bytes of JSON) is too large to hand to JavaScript", text.len()))
    })
}

fn field(object: &JsValue, key: &str) -> Result<JsValue, JsError> {
    if !object.is_object() {
        return Err(into_error(format!("expected an object with `{key}`")));
    }
    Reflect::get(object, &JsValue::from_str(key)).map_err(|_| into_error(format!("cannot read `{key}`")))
}

fn string_field(object: &JsValue, key: &str) -> Result<String, JsError> {
    field(object, key)?.as_string().ok_or_else(|| into_error(format!("`{key}` must be a string")))
}

fn offset_field(object: &JsValue, key: &str) -> Result<usize, JsError> {
    match field(object, key)?.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(n as usize),
        _ => Err(into_error(format!("`{key}` must be a non-negative integer"))),
    }
}

/// `{ edition?: "2021" | "2024" }`. Every field of [`Options`] is named below, so a new option
/// does not compile until it is read here too.
fn read_options(value: &JsValue) -> Result<Options, JsError> {
    let edition = field(value, "edition")?;
    let edition = match edition.as_string().as_deref() {
        _ if edition.is_undefined() => Edition::default(),
        Some("2021") => Edition::E2021,
        Some("2024") => Edition::E2024,
        _ => return Err(into_error("`edition` must be \"2021\" or \"2024\"")),
    };
    Ok(Options { edition })
}

/// A `Fix` as `analyze` reported it (every field required, as in the report).
fn read_fix(value: &JsValue) -> Result<Fix, JsError> {
    let applicability = match string_field(value, "applicability")?.as_str() {
        "safe" => Applicability::Safe,
        "unsafe" => Applicability::Unsafe,
        "displayOnly" => Applicability::DisplayOnly,
        other => return Err(into_error(format!("unknown applicability `{other}`"))),
    };
    let edits = field(value, "edits")?;
    if !Array::is_array(&edits) {
        return Err(into_error("`edits` must be an array"));
    }
    let edits = Array::from(&edits).iter().map(|edit| read_edit(&edit)).collect::<Result<Vec<Edit>, JsError>>()?;
    Ok(Fix { title: string_field(value, "title")?, applicability, edits: edits.into() })
}

fn read_edit(value: &JsValue) -> Result<Edit, JsError> {
    let span = field(value, "span")?;
    let span = Span {
        byte_start: offset_field(&span, "byteStart")?,
        byte_end: offset_field(&span, "byteEnd")?,
        start: offset_field(&span, "start")?,
        end: offset_field(&span, "end")?,
        line: offset_field(&span, "line")?,
        col: offset_field(&span, "col")?,
        end_line: offset_field(&span, "endLine")?,
        end_col: offset_field(&span, "endCol")?,
    };
    Ok(Edit { span, replacement: string_field(value, "replacement")? })
}

/// Analyzes one Rust source file. `options` may be left out (edition 2021). Its TypeScript
/// signature is in the section above (`options?: Options`).
#[wasm_bindgen(js_name = analyze, skip_typescript)]
pub fn analyze(source: &str, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let options: Options = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => read_options(&o)?,
        _ => Options::default(),
    };
    let analysis: Analysis = crate::analyze(source, &options);
    analysis_to_js(&analysis)
}

/// Applies one fix (as found in an `Analysis` of the same `source`) and returns the new text.
#[wasm_bindgen(js_name = applyFix)]
pub fn apply_fix(source: &str, #[wasm_bindgen(unchecked_param_type = "Fix")] fix: JsValue) -> Result<String, JsError> {
    let fix = read_fix(&fix)?;
    Ok(crate::apply_fix(source, &fix))
}

/// The rules' own documentation, for the page's reference section and examples menu.
#[wasm_bindgen(js_name = rules, unchecked_return_type = "RuleDoc[]")]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&crate::rule_docs())
}

/// The analyzer's version (also the report format's).
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Parses `source` with syn as `analyze` does, and nothing else: the floor of `analyze`'s time in
/// the same build, for the browser benchmark (`www/bench.html`). Returns whether it parsed.
#[doc(hidden)]
#[wasm_bindgen(js_name = __parseOnlyForBench)]
pub fn parse_only_for_bench(source: &str) -> bool {
    let parsed = syn::parse_file(source).is_ok();
    // As `analyze` does after every run: spans' source map would otherwise grow per call.
    proc_macro2::extra::invalidate_current_thread_spans();
    parsed
}

/// Runs `analyze` without handing the report to JS, for the browser benchmark: the analysis's
/// own cost, on inputs whose report is too large to cross (a 100,000-line file's report is
/// hundreds of MB of JSON). `edition` as in `Options` (default 2021). Returns the number of
/// diagnostics.
#[doc(hidden)]
#[wasm_bindgen(js_name = __analyzeOnlyForBench)]
pub fn analyze_only_for_bench(source: &str, edition: &str) -> usize {
    let options = Options { edition: Edition::parse(edition).unwrap_or_default() };
    crate::analyze(source, &options).diagnostics.len()
}

/// Panics on purpose. Only for tests of the page's recovery from an analyzer panic.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests() {
    panic!("deliberate panic (__panicForTests)");
}
