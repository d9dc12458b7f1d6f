//! The wasm API: the only module that knows about JavaScript.
//!
//! A thin face over the pure core, in the manner of ruff's `ruff_wasm`: every result is a plain
//! serde value handed over with `serde_wasm_bindgen` (JSON-compatible: plain objects, arrays,
//! numbers), every error goes through [`into_error`], and the TypeScript section below declares the
//! same shapes for the JS side.
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

use crate::report::{Analysis, Fix};
use crate::Options;

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

fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(into_error)
}

/// Analyzes one Rust source file. `options` may be left out (edition 2021). Its TypeScript
/// signature is in the section above (`options?: Options`).
#[wasm_bindgen(js_name = analyze, skip_typescript)]
pub fn analyze(source: &str, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let options: Options = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => serde_wasm_bindgen::from_value(o).map_err(into_error)?,
        _ => Options::default(),
    };
    let analysis: Analysis = crate::analyze(source, &options);
    to_js(&analysis)
}

/// Applies one fix (as found in an `Analysis` of the same `source`) and returns the new text.
#[wasm_bindgen(js_name = applyFix)]
pub fn apply_fix(source: &str, #[wasm_bindgen(unchecked_param_type = "Fix")] fix: JsValue) -> Result<String, JsError> {
    let fix: Fix = serde_wasm_bindgen::from_value(fix).map_err(into_error)?;
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

/// Panics on purpose. Only for tests of the page's recovery from an analyzer panic.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests() {
    panic!("deliberate panic (__panicForTests)");
}
