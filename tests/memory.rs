//! proc-macro2 (with `span-locations`) keeps every parsed source in a thread-local map. The
//! page's worker calls `analyze` on every keystroke, for hours: `analyze` must release that map
//! each time (`invalidate_current_thread_spans`), or memory grows with every call.
#![cfg(all(not(target_arch = "wasm32"), target_os = "linux"))]

fn resident_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
    let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

#[test]
fn repeated_analyses_do_not_grow_memory() {
    let unit = include_str!("fixtures/corpus/cases/d001_seed_rc-refcell-counter.rs");
    // ~15 KB of source: without the release, 300 runs would keep ~5 MB of copies and line tables.
    let mut big = String::new();
    for i in 0..40 {
        big.push_str(&unit.replace("fn main", &format!("fn main_{i}")).replace("#[tokio::main]", ""));
    }
    let options = sendlens::Options::default();
    // Warm up allocators and caches first.
    for _ in 0..10 {
        sendlens::analyze(&big, &options);
    }
    let before = resident_bytes();
    for _ in 0..300 {
        let report = sendlens::analyze(&big, &options);
        assert!(report.error_count() > 0);
    }
    let grown = resident_bytes().saturating_sub(before);
    eprintln!("resident memory grew by {} KB over 300 analyses of {} KB", grown / 1024, big.len() / 1024);
    assert!(grown < 2 * 1024 * 1024, "memory grew by {grown} bytes over 300 analyses");
}
