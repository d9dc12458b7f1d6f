//! The wasm API's JS contract on a browser's main thread (headless Chromium and Firefox).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "web_contract.rs"]
mod contract;

#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_on_the_main_thread() {
    let global = js_sys::global();
    assert!(js_sys::Reflect::has(&global, &"document".into()).unwrap());
}
