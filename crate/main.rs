//! The `sendlens` command line.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut json = false;
    let mut edition = sendlens::Edition::E2021;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--edition" => edition = it.next().and_then(|e| sendlens::Edition::parse(e)).unwrap_or_else(|| { eprintln!("bad --edition"); std::process::exit(2) }),
            f => files.push(f.to_string()),
        }
    }
    let mut errors = false;
    for f in files {
        let src = match std::fs::read_to_string(&f) { Ok(s) => s, Err(e) => { eprintln!("{f}: {e}"); std::process::exit(2) } };
        let a = sendlens::analyze(&src, &sendlens::Options { edition });
        errors |= a.error_count() > 0;
        if json { println!("{}", serde_json::to_string(&a).unwrap()); } else { println!("{a:?}"); }
    }
    std::process::exit(if errors { 1 } else { 0 });
}
