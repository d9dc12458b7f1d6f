//! The wasm API's JS contract in a dedicated worker, where the page runs the analyzer.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[path = "web_contract.rs"]
mod contract;

#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_in_a_dedicated_worker() {
    let global = js_sys::global();
    assert!(!js_sys::Reflect::has(&global, &"document".into()).unwrap());
    assert!(js_sys::Reflect::has(&global, &"postMessage".into()).unwrap());
    assert!(js_sys::Reflect::has(&global, &"importScripts".into()).unwrap());
}
