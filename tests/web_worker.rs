//! The wasm API's JS contract in a dedicated worker, where the page runs the analyzer.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[path = "web_contract.rs"]
mod contract;
