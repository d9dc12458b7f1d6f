//! Any UTF-8 text: the report keeps its invariants and every offered fix yields text the
//! analyzer still handles (`tests/invariants`). Inputs of odd length are checked as edition 2024,
//! even ones as 2021: both editions are covered at the cost of one analysis per input (analysing
//! each input in both halved the throughput; a mutation that changes the length flips it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendlens::Edition;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let edition = if data.len() % 2 == 1 { Edition::E2024 } else { Edition::E2021 };
    invariants::check_report_and_fixes(source, edition);
});
