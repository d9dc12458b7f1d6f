//! Any UTF-8 text: the report keeps its invariants and every offered fix yields text the
//! analyzer still handles (`tests/invariants`). Inputs of odd length are checked as edition 2024,
//! even ones as 2021: both editions are covered at the cost of one analysis per input (analysing
//! each input in both halved the throughput; a mutation that changes the length flips it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendlens::Edition;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

/// A stack overflow kills the process before libFuzzer can save the input (no alternate signal
/// stack on its thread), so `run.sh` asks for each input to be written first
/// (`SENDLENS_FUZZ_LAST=<file>`) and keeps that file when the process dies of a signal.
fn keep_last_input(text: &[u8]) {
    use std::sync::OnceLock;
    static PATH: OnceLock<Option<std::path::PathBuf>> = OnceLock::new();
    if let Some(path) = PATH.get_or_init(|| std::env::var_os("SENDLENS_FUZZ_LAST").map(Into::into)) {
        let _ = std::fs::write(path, text);
    }
}

fuzz_target!(|data: &[u8]| {
    keep_last_input(data);
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let edition = if data.len() % 2 == 1 { Edition::E2024 } else { Edition::E2021 };
    invariants::check_report_and_fixes(source, edition);
});
