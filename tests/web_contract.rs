//! The JS-facing contract of the wasm API, as JavaScript receives it. Included by `web.rs` (main
//! thread) and `web_worker.rs` (a dedicated worker, where the page runs the analyzer); run with
//! `cargo xtask test` (wasm-bindgen-test in headless browsers).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Reflect};
use sendlens::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const CLASSIC: &str = r#"use std::cell::RefCell;
use std::rc::Rc;
#[tokio::main]
async fn main() {
    let counter = Rc::new(RefCell::new(0));
    let handle = tokio::spawn(async move {
        *counter.borrow_mut() += 1;
    });
    handle.await.unwrap();
}
"#;

/// The classic case behind non-ASCII text (2-byte, 3-byte and 4-byte UTF-8; the emoji is two
/// UTF-16 units), so UTF-16 and UTF-8 offsets differ at the culprit.
const CLASSIC_NON_ASCII: &str = r#"use std::cell::RefCell;
use std::rc::Rc;
// Compteur partagé — « ça ne passe pas » 😀
#[tokio::main]
async fn main() {
    let counter = Rc::new(RefCell::new(0)); // 計数器 🦀
    let handle = tokio::spawn(async move {
        let _greeting = "héllo 🦀";
        *counter.borrow_mut() += 1;
    });
    handle.await.unwrap();
}
"#;

const SYNTAX_ERROR: &str = "// ünïcödé 😀 before the error\nfn main() {\n    let x = ;\n}\n";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn array(v: &JsValue, key: &str) -> Array {
    let a = get(v, key);
    assert!(Array::is_array(&a), "`{key}` is not an array: {a:?}");
    a.unchecked_into()
}

fn string(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_else(|| panic!("`{key}` is not a string in {v:?}"))
}

fn number(v: &JsValue, key: &str) -> usize {
    let n = get(v, key).as_f64().unwrap_or_else(|| panic!("`{key}` is not a number in {v:?}"));
    assert!(n >= 0.0 && n.fract() == 0.0, "`{key}` = {n} is not an offset");
    n as usize
}

fn analyze(source: &str) -> JsValue {
    wasm::analyze(source, None).map_err(JsValue::from).expect("analyze")
}

fn diagnostics(analysis: &JsValue) -> Vec<JsValue> {
    array(analysis, "diagnostics").iter().collect()
}

/// `source[span]` cut the way JavaScript cuts it: with UTF-16 `start`/`end`.
fn js_slice(source: &str, span: &JsValue) -> String {
    JsString::from(source).slice(number(span, "start") as u32, number(span, "end") as u32).into()
}

fn check_span(source: &str, span: &JsValue) {
    for key in ["byteStart", "byteEnd", "start", "end", "line", "col", "endLine", "endCol"] {
        number(span, key);
    }
    let (bs, be) = (number(span, "byteStart"), number(span, "byteEnd"));
    assert!(bs <= be && be <= source.len(), "byte range {bs}..{be} out of bounds");
    assert_eq!(js_slice(source, span), source[bs..be], "UTF-16 and UTF-8 offsets disagree");
    assert!(number(span, "line") >= 1 && number(span, "col") >= 1);
}

/// Checks every field of an `Analysis` as JS sees it (camelCase, plain objects and arrays).
fn check_shape(source: &str, analysis: &JsValue) {
    assert!(analysis.is_object());
    assert_eq!(string(analysis, "version"), wasm::version());
    for d in diagnostics(analysis) {
        string(&d, "rule");
        string(&d, "message");
        let severity = string(&d, "severity");
        assert!(["error", "warning", "info"].contains(&severity.as_str()), "severity {severity}");
        let labels = array(&d, "labels");
        assert_eq!(
            labels.iter().filter(|l| get(l, "primary").as_bool() == Some(true)).count(),
            1,
            "exactly one primary label"
        );
        for l in labels.iter() {
            string(&l, "message");
            assert!(get(&l, "primary").as_bool().is_some());
            check_span(source, &get(&l, "span"));
        }
        for n in array(&d, "notes").iter().chain(array(&d, "help").iter()) {
            assert!(n.as_string().is_some());
        }
        for f in array(&d, "fixes").iter() {
            string(&f, "title");
            let a = string(&f, "applicability");
            assert!(["safe", "unsafe", "displayOnly"].contains(&a.as_str()), "applicability {a}");
            for e in array(&f, "edits").iter() {
                string(&e, "replacement");
                check_span(source, &get(&e, "span"));
            }
        }
        // No snake_case leaks to JS.
        for key in ["byte_start", "end_line", "error_count"] {
            assert!(get(&get(&array(&d, "labels").get(0), "span"), key).is_undefined(), "{key} leaked");
        }
    }
    // And it is the CLI's report shape: it deserializes into the Rust type.
    let back: sendlens::Analysis =
        serde_wasm_bindgen::from_value(analysis.clone()).expect("same shape as the Rust report");
    assert_eq!(back, sendlens::analyze(source, &Default::default()));
}

fn primary(d: &JsValue) -> JsValue {
    array(d, "labels").iter().find(|l| get(l, "primary").as_bool() == Some(true)).expect("a primary label")
}

fn errors_of_rule(analysis: &JsValue, rule: &str) -> Vec<JsValue> {
    diagnostics(analysis)
        .into_iter()
        .filter(|d| string(d, "severity") == "error" && string(d, "rule") == rule)
        .collect()
}

/// The classic case's error: primary label on `counter` inside the spawned block.
fn classic_error(source: &str, analysis: &JsValue) -> JsValue {
    let inside_block = source.find("*counter").unwrap() + 1;
    diagnostics(analysis)
        .into_iter()
        .find(|d| {
            let span = get(&primary(d), "span");
            string(d, "severity") == "error"
                && js_slice(source, &span) == "counter"
                && number(&span, "byteStart") == inside_block
        })
        .unwrap_or_else(|| panic!("no error on `counter` inside the spawned block: {analysis:?}"))
}

#[wasm_bindgen_test]
fn report_shape_of_a_syntax_error() {
    let analysis = analyze(SYNTAX_ERROR);
    check_shape(SYNTAX_ERROR, &analysis);
    let ds = diagnostics(&analysis);
    assert!(!ds.is_empty(), "a syntax error is reported");
    assert_eq!(string(&ds[0], "rule"), "syntax");
    assert_eq!(string(&ds[0], "severity"), "error");
}

#[wasm_bindgen_test]
fn report_shape_of_the_classic_case() {
    check_shape(CLASSIC, &analyze(CLASSIC));
    check_shape(CLASSIC_NON_ASCII, &analyze(CLASSIC_NON_ASCII));
}

#[wasm_bindgen_test]
fn utf16_offsets_on_non_ascii_code() {
    // Syntax error after non-ASCII text: JS's slice with start/end is what the bytes say.
    let analysis = analyze(SYNTAX_ERROR);
    let d = &diagnostics(&analysis)[0];
    let span = get(&primary(d), "span");
    assert!(number(&span, "start") < number(&span, "byteStart"), "UTF-16 offsets are smaller than UTF-8 ones here");
    check_span(SYNTAX_ERROR, &span);
    assert_eq!(number(&span, "line"), 3);

    // The classic case behind non-ASCII text: the culprit is `counter`, cut with UTF-16 offsets.
    let analysis = analyze(CLASSIC_NON_ASCII);
    let d = classic_error(CLASSIC_NON_ASCII, &analysis);
    let span = get(&primary(&d), "span");
    assert_eq!(js_slice(CLASSIC_NON_ASCII, &span), "counter");
    assert_ne!(number(&span, "start"), number(&span, "byteStart"));
    assert_eq!(number(&span, "line"), 9);
    assert_eq!(number(&span, "col"), 10);
}

#[wasm_bindgen_test]
fn classic_case_is_an_error_on_counter_with_a_fix() {
    let analysis = analyze(CLASSIC);
    let d = classic_error(CLASSIC, &analysis);
    assert!(array(&d, "fixes").length() >= 1, "the classic case has at least one fix");
}

#[wasm_bindgen_test]
fn apply_fix_round_trip() {
    for source in [CLASSIC, CLASSIC_NON_ASCII] {
        let analysis = analyze(source);
        let d = classic_error(source, &analysis);
        let rule = string(&d, "rule");
        let fix = array(&d, "fixes").get(0);
        let fixed = wasm::apply_fix(source, fix).map_err(JsValue::from).expect("applyFix");
        assert_ne!(fixed, source, "the fix changes the text");
        let after = analyze(&fixed);
        check_shape(&fixed, &after);
        let left = errors_of_rule(&after, &rule);
        assert!(left.is_empty(), "after the fix no `{rule}` error is left, got {left:?} in\n{fixed}");
    }
}

#[wasm_bindgen_test]
fn apply_fix_rejects_what_is_not_a_fix() {
    assert!(wasm::apply_fix(CLASSIC, JsValue::from_str("nope")).is_err());
    assert!(wasm::apply_fix(CLASSIC, JsValue::UNDEFINED).is_err());
}

/// `applyFix` and `options` are read field by field (crate/wasm.rs): a fix from the report with
/// one field broken, and options of the wrong type, are errors rather than guesses.
#[wasm_bindgen_test]
fn inputs_with_a_missing_or_mistyped_field_are_errors() {
    let fix_of = || array(&classic_error(CLASSIC, &analyze(CLASSIC)), "fixes").get(0);
    let edit_span = |fix: &JsValue| get(&array(fix, "edits").get(0), "span");
    assert!(wasm::apply_fix(CLASSIC, fix_of()).is_ok(), "the untouched fix applies");
    let broken: [(&str, &dyn Fn(&JsValue)); 6] = [
        ("no edits", &|f| {
            assert!(Reflect::delete_property(f.unchecked_ref::<js_sys::Object>(), &JsValue::from_str("edits")).unwrap())
        }),
        ("edits not an array", &|f| assert!(Reflect::set(f, &"edits".into(), &"x".into()).unwrap())),
        ("unknown applicability", &|f| assert!(Reflect::set(f, &"applicability".into(), &"maybe".into()).unwrap())),
        ("negative offset", &|f| assert!(Reflect::set(&edit_span(f), &"byteStart".into(), &(-1).into()).unwrap())),
        ("fractional offset", &|f| assert!(Reflect::set(&edit_span(f), &"byteEnd".into(), &1.5.into()).unwrap())),
        ("replacement not a string", &|f| {
            let edit = array(f, "edits").get(0);
            assert!(Reflect::set(&edit, &"replacement".into(), &7.into()).unwrap())
        }),
    ];
    for (what, breaking) in broken {
        let fix = fix_of();
        breaking(&fix);
        assert!(wasm::apply_fix(CLASSIC, fix).is_err(), "{what}: not an error");
    }
    assert!(wasm::analyze(CLASSIC, Some("2021".into())).is_err(), "options must be an object");
    let options = js_sys::Object::new();
    Reflect::set(&options, &"edition".into(), &2021.into()).unwrap();
    assert!(wasm::analyze(CLASSIC, Some(options.into())).is_err(), "the edition must be a string");
}

#[wasm_bindgen_test]
fn options_choose_the_edition_and_bad_options_are_errors() {
    for edition in ["2021", "2024"] {
        let options = js_sys::Object::new();
        Reflect::set(&options, &"edition".into(), &edition.into()).unwrap();
        let analysis =
            wasm::analyze(CLASSIC, Some(options.into())).map_err(JsValue::from).expect("analyze with an edition");
        check_shape(CLASSIC, &analysis);
    }
    let options = js_sys::Object::new();
    Reflect::set(&options, &"edition".into(), &"2015".into()).unwrap();
    assert!(wasm::analyze(CLASSIC, Some(options.into())).is_err(), "an unknown edition is an error, not a guess");
    // Empty options are the defaults.
    assert!(wasm::analyze(CLASSIC, Some(js_sys::Object::new().into())).is_ok());
}

#[wasm_bindgen_test]
fn rules_carry_their_docs_and_their_examples_trigger_them() {
    let rules = wasm::rules().map_err(JsValue::from).expect("rules");
    let rules: Array = rules.dyn_into().expect("an array");
    assert!(rules.length() >= 1);
    let mut ids = Vec::new();
    for r in rules.iter() {
        let id = string(&r, "id");
        assert!(!string(&r, "title").is_empty());
        assert!(!string(&r, "docs").is_empty());
        let example = string(&r, "example");
        let analysis = analyze(&example);
        check_shape(&example, &analysis);
        assert!(
            diagnostics(&analysis).iter().any(|d| string(d, "rule") == id),
            "the example of `{id}` does not trigger it"
        );
        assert!(!ids.contains(&id), "duplicate rule id {id}");
        ids.push(id);
    }
    assert!(ids.contains(&"syntax".to_string()));
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(wasm::version(), sendlens::VERSION);
}

#[wasm_bindgen_test]
fn empty_and_odd_inputs_never_fail() {
    for source in ["", "\n", "\u{feff}fn main() {}", "fn main() {\r\n    let s = \"\u{1F980}\";\r\n}\r\n", "}}}}"] {
        let analysis = analyze(source);
        check_shape(source, &analysis);
    }
}

#[wasm_bindgen_test]
fn apply_fix_round_trip_on_every_rule_example() {
    let rules: Array = wasm::rules().map_err(JsValue::from).expect("rules").dyn_into().expect("an array");
    for r in rules.iter() {
        let id = string(&r, "id");
        let example = string(&r, "example");
        let analysis = analyze(&example);
        let Some(d) = errors_of_rule(&analysis, &id)
            .into_iter()
            .find(|d| array(d, "fixes").iter().any(|f| string(&f, "applicability") != "displayOnly"))
        else {
            continue; // no applicable fix for this rule's example (e.g. syntax)
        };
        let fix = array(&d, "fixes").iter().find(|f| string(f, "applicability") != "displayOnly").unwrap();
        let fixed = wasm::apply_fix(&example, fix).map_err(JsValue::from).expect("applyFix");
        let after = analyze(&fixed);
        check_shape(&fixed, &after);
        let left = errors_of_rule(&after, &id);
        assert!(
            left.is_empty(),
            "after the first fix of the `{id}` example, a `{id}` error is left: {left:?}\n{fixed}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input in wasm, whose stack is the smallest (~1 MB): refused shapes must be refused
// without a trap, and the largest accepted shape of every kind must be analysed without a trap
// (README "Hostile input and fuzzing"; the native side is `tests/hostile.rs`).

fn limited(analysis: &JsValue) -> bool {
    diagnostics(analysis).iter().any(|d| string(d, "rule") == "input-limit" && string(d, "severity") == "warning")
}

fn in_fn(body: &str) -> String {
    format!("use std::rc::Rc;\nasync fn main() {{\n    let x = {body};\n}}\n")
}

#[wasm_bindgen_test]
fn hostile_nesting_and_chains_are_refused_without_a_trap() {
    let n = 100_000;
    for source in [
        in_fn(&format!("{}1{}", "(".repeat(n), ")".repeat(n))),
        format!("fn main() {}{}", "{".repeat(n), "}".repeat(n)),
        in_fn(&vec!["1"; n].join("+")),
        in_fn(&format!("a{}", ".f()".repeat(n))),
        format!("fn main() {{ if a {{}} {} }}", "else if a {} ".repeat(n)),
        in_fn(&format!("{}1", "return ".repeat(n))),
        in_fn(&format!("{}1", "|| ".repeat(n))),
        format!("fn main() {{ let x: {}u8{} = 1; }}", "Vec<".repeat(n), ">".repeat(n)),
        format!("fn main() {{ let x: {}u8 = 1; }}", "&".repeat(n)),
        in_fn(&format!("{{ let c = '\"'; }}; {}1{}", "(".repeat(n), ")".repeat(n))),
    ] {
        let analysis = analyze(&source);
        check_shape(&source, &analysis);
        assert!(limited(&analysis), "not refused: {}", &source[..60]);
    }
}

/// The largest `n` whose shape is not refused (the limit is monotonic in `n`).
#[cfg(not(debug_assertions))]
fn largest_accepted(shape: &dyn Fn(usize) -> String) -> usize {
    let (mut ok, mut refused) = (1, 4096);
    assert!(limited(&analyze(&shape(refused))));
    while refused - ok > 1 {
        let mid = (ok + refused) / 2;
        if limited(&analyze(&shape(mid))) {
            refused = mid;
        } else {
            ok = mid;
        }
    }
    ok
}

/// Optimized builds only: the limits are set for the page's release build, and an unoptimized
/// build's frames are several times larger. Run with
/// `cargo test --release --target wasm32-unknown-unknown --test web --test web_worker`.
#[cfg(not(debug_assertions))]
#[wasm_bindgen_test]
fn the_largest_accepted_shape_of_each_kind_is_analysed_without_a_trap() {
    let shapes: Vec<(&str, Box<dyn Fn(usize) -> String>)> = vec![
        ("parens", Box::new(|n| in_fn(&format!("{}1{}", "(".repeat(n), ")".repeat(n))))),
        ("nested fns", Box::new(|n| format!("{}{}", "fn a() { ".repeat(n), "}".repeat(n)))),
        ("nested closures", Box::new(|n| in_fn(&format!("{}1{}", "move || { ".repeat(n), "}".repeat(n))))),
        (
            "nested spawns",
            Box::new(|n| in_fn(&format!("{}Rc::new(1){}", "tokio::spawn(async move { ".repeat(n), "})".repeat(n)))),
        ),
        ("sum", Box::new(|n| in_fn(&vec!["1"; n].join("+")))),
        ("method calls", Box::new(|n| in_fn(&format!("a{}", ".f()".repeat(n))))),
        ("not", Box::new(|n| in_fn(&format!("{}x", "!".repeat(n))))),
        ("closures", Box::new(|n| in_fn(&format!("{}1", "|| ".repeat(n))))),
        ("assignments", Box::new(|n| in_fn(&format!("{}a", "a = ".repeat(n))))),
        ("returns", Box::new(|n| in_fn(&format!("{}1", "return ".repeat(n))))),
        ("else if", Box::new(|n| format!("fn main() {{ if a {{}} {} }}", "else if a {} ".repeat(n)))),
        ("generics", Box::new(|n| format!("fn main() {{ let x: {}u8{} = 1; }}", "Vec<".repeat(n), ">".repeat(n)))),
        ("reference types", Box::new(|n| format!("fn main() {{ let x: {}u8 = 1; }}", "&".repeat(n)))),
        (
            "parens around returns",
            Box::new(|n| in_fn(&format!("{}{}1{}", "(".repeat(100), "return ".repeat(n), ")".repeat(100)))),
        ),
        (
            "fns around generics",
            Box::new(|n| {
                format!(
                    "{}fn b() {{ let x: {}u8{} = 1; }}{}",
                    "fn a() { ".repeat(100),
                    "Vec<".repeat(n),
                    ">".repeat(n),
                    "}".repeat(100)
                )
            }),
        ),
        (
            "closures around closures",
            Box::new(|n| in_fn(&format!("{}{}1{}", "move || { ".repeat(60), "|| ".repeat(n), "}".repeat(60)))),
        ),
    ];
    for (name, shape) in shapes {
        let n = largest_accepted(&*shape);
        let source = shape(n);
        let analysis = analyze(&source);
        check_shape(&source, &analysis);
        assert!(n > 10, "{name}: only {n} accepted");
    }
}

/// Two tasks that each capture an `Rc<i32>`: one file-wide fix (every `Rc` becoming `Arc`) repairs
/// both, and it crosses to JS once, as one array that both diagnostics' fixes point at, with the
/// same content the native report gives each of them.
#[wasm_bindgen_test]
fn a_file_wide_fix_shared_by_diagnostics_crosses_as_one_array() {
    let source = "use std::rc::Rc;\n\
        async fn first() {\n    let one = Rc::new(1);\n    tokio::spawn(async move { drop(one); });\n}\n\
        async fn second() {\n    let two = Rc::new(2);\n    tokio::spawn(async move { drop(two); });\n}\n";
    let analysis = analyze(source);
    assert!(get(&analysis, "sharedEdits").is_undefined(), "the wire table is not part of the API");
    let native = sendlens::analyze(source, &sendlens::Options::default());
    let errors: Vec<JsValue> =
        array(&analysis, "diagnostics").iter().filter(|d| string(d, "severity") == "error").collect();
    assert_eq!(errors.len(), 2, "{native:#?}");
    let first_edits = |d: &JsValue| get(&array(d, "fixes").get(0), "edits");
    assert!(js_sys::Object::is(&first_edits(&errors[0]), &first_edits(&errors[1])), "one shared array");
    for (js, native) in array(&analysis, "diagnostics").iter().zip(&native.diagnostics) {
        for (js_fix, fix) in array(&js, "fixes").iter().zip(&native.fixes) {
            let edits = array(&js_fix, "edits");
            assert_eq!(edits.length() as usize, fix.edits.len());
            for (e, edit) in edits.iter().zip(fix.edits.iter()) {
                assert_eq!(string(&e, "replacement"), edit.replacement);
                assert_eq!(number(&get(&e, "span"), "byteStart"), edit.span.byte_start);
            }
        }
    }
}
