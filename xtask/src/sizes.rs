//! The size report printed by `build`: raw, gzip and brotli per file, checked against budgets.
//!
//! Two sets of files, each with its total against its budget (brotli, what a server that
//! compresses sends):
//! - the page: everything a browser downloads before the page shows its first diagnostics
//!   (`index.html`, the stylesheet, the scripts `main.js` loads at once, the worker, the wasm);
//! - the widget: everything `<send-lens>` downloads (`dist/`: the element, its worker, the wasm).
//!   The self-contained `send-lens.inline.js` is listed for information: it replaces those three,
//!   it is not downloaded with them.
//!
//! The page's list is fixed here rather than found by loading it in a browser (as
//! `tests/e2e/bench.mjs` does, whose table agrees): the build must not need a browser. A file
//! that is missing fails the report, so a renamed bundle cannot slip out of the budget.

use std::io::Write;
use std::path::Path;

const KB: f64 = 1024.0;
/// Brotli bytes the page may transfer before its first diagnostics (issue "Speed and size").
pub const PAGE_BUDGET: usize = 350 * 1024;
/// Brotli bytes one `<send-lens>` widget may transfer.
pub const EMBED_BUDGET: usize = 250 * 1024;

/// What `index.html` makes the browser fetch before the first diagnostics: its stylesheet, the
/// entry module, the editor (`app.js`), the worker with the wasm glue bundled in, the wasm, and
/// any chunk esbuild split out of them ([`page_files`]). Not the service worker (`sw.js`),
/// registered after the page's load event.
const PAGE_FILES: &[&str] = &[
    "index.html",
    "www/style.css",
    "www/dist/main.js",
    "www/dist/app.js",
    "www/dist/worker.js",
    "www/pkg/sendlens_bg.wasm",
];

const EMBED_FILES: &[&str] = &["dist/send-lens.js", "dist/send-lens.worker.js", "dist/sendlens_bg.wasm"];
const EMBED_ALTERNATIVE: &str = "dist/send-lens.inline.js";

#[derive(Default, Clone, Copy)]
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, o: Sizes) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli += o.brotli;
    }
}

/// gzip -9 and brotli quality 11 (window 22), as `gzip -9` and `brotli -q 11` compress.
fn measure(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip into memory");
    let gzip = gz.finish().expect("gzip into memory").len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("brotli into memory");
    Sizes { raw: bytes.len(), gzip, brotli: br.len() }
}

fn row(name: &str, s: Sizes) {
    println!(
        "  {name:<40} {:>9.1} KB {:>9.1} KB {:>9.1} KB",
        s.raw as f64 / KB,
        s.gzip as f64 / KB,
        s.brotli as f64 / KB
    );
}

/// Prints one set with its total; `None` when a file is missing, else whether it fits.
fn set(root: &Path, title: &str, files: &[&str], budget: usize) -> Option<bool> {
    println!("{title}");
    println!("  {:<40} {:>12} {:>12} {:>12}", "file", "raw", "gzip -9", "brotli -q 11");
    let mut total = Sizes::default();
    for file in files {
        let bytes = match std::fs::read(root.join(file)) {
            Ok(b) => b,
            Err(e) => {
                println!("  {file:<40} cannot be read: {e}");
                return None;
            }
        };
        let s = measure(&bytes);
        row(file, s);
        total += s;
    }
    row("total", total);
    let fits = total.brotli <= budget;
    println!(
        "  brotli total {:.1} KB of the {:.0} KB budget: {}",
        total.brotli as f64 / KB,
        budget as f64 / KB,
        if fits { "fits" } else { "OVER BUDGET" }
    );
    Some(fits)
}

/// esbuild's metafile of the editor's and the worker's bundle (written by `bundle`): for each
/// output, what it imports and whether statically or through `import()`.
pub const PAGE_METAFILE: &str = "www/dist/meta.json";

/// [`PAGE_FILES`] and the chunks of `www/dist/` the page loads before its first diagnostics:
/// those `app.js` and `worker.js` import statically, directly or through other chunks. The
/// others, reached only through `import()` (the Rust grammar, given to the editor once the
/// first diagnostics are shown), come second. Without a readable metafile every chunk counts as
/// loaded before, which can only overstate the total.
fn page_files(root: &Path) -> (Vec<String>, Vec<String>) {
    let mut files: Vec<String> = PAGE_FILES.iter().map(|f| f.to_string()).collect();
    let mut chunks: Vec<String> = std::fs::read_dir(root.join("www/dist"))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    chunks.retain(|name| name.starts_with("chunk-") && name.ends_with(".js"));
    chunks.sort();
    let chunks: Vec<String> = chunks.into_iter().map(|c| format!("www/dist/{c}")).collect();
    let before = std::fs::read_to_string(root.join(PAGE_METAFILE))
        .ok()
        .and_then(|text| loaded_statically(&text, &["www/dist/app.js", "www/dist/worker.js"]));
    let (early, late): (Vec<String>, Vec<String>) = match before {
        Some(before) => chunks.into_iter().partition(|c| before.contains(c)),
        None => (chunks, vec![]),
    };
    files.extend(early);
    (files, late)
}

/// The outputs `entries` import statically, transitively, by esbuild's metafile `text`.
fn loaded_statically(text: &str, entries: &[&str]) -> Option<Vec<String>> {
    let meta: serde_json::Value = serde_json::from_str(text).ok()?;
    let outputs = meta.get("outputs")?.as_object()?;
    let mut seen: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
    let mut i = 0;
    while i < seen.len() {
        let imports = outputs
            .get(&seen[i])
            .and_then(|o| o.get("imports"))
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        for import in imports {
            let kind = import.get("kind").and_then(|k| k.as_str());
            if let (Some("import-statement"), Some(path)) = (kind, import.get("path").and_then(|p| p.as_str())) {
                if !seen.iter().any(|s| s == path) {
                    seen.push(path.to_string());
                }
            }
        }
        i += 1;
    }
    Some(seen)
}

/// Prints the report; `false` when a budget is exceeded or a file of the page is missing.
pub fn report(root: &Path) -> bool {
    println!("Transfer sizes (what a browser downloads; budgets are brotli totals)");
    let (page_files, later) = page_files(root);
    let page_files: Vec<&str> = page_files.iter().map(String::as_str).collect();
    let page = set(root, "the page, up to its first diagnostics:", &page_files, PAGE_BUDGET);
    if !later.is_empty() {
        println!("  loaded after the first diagnostics (through import(), not in the budget):");
        for file in &later {
            if let Ok(bytes) = std::fs::read(root.join(file)) {
                row(file, measure(&bytes));
            }
        }
    }
    let embed = if root.join("dist").is_dir() {
        let fits = set(root, "the <send-lens> widget (dist/):", EMBED_FILES, EMBED_BUDGET);
        if let Ok(bytes) = std::fs::read(root.join(EMBED_ALTERNATIVE)) {
            println!("  instead of the three files above, for file:// pages:");
            row(EMBED_ALTERNATIVE, measure(&bytes));
        }
        fits
    } else {
        println!("the <send-lens> widget: dist/ does not exist (not built), skipped");
        Some(true)
    };
    page == Some(true) && embed == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chunks_imported_statically_count_before_the_first_diagnostics() {
        let meta = r#"{"outputs": {
            "www/dist/app.js": {"imports": [{"path": "www/dist/chunk-A.js", "kind": "import-statement"}, {"path": "./main.js", "kind": "import-statement", "external": true}, {"path": "www/dist/chunk-L.js", "kind": "dynamic-import"}]},
            "www/dist/chunk-A.js": {"imports": [{"path": "www/dist/chunk-B.js", "kind": "import-statement"}]},
            "www/dist/chunk-B.js": {"imports": []},
            "www/dist/chunk-L.js": {"imports": [{"path": "www/dist/chunk-A.js", "kind": "import-statement"}, {"path": "www/dist/chunk-M.js", "kind": "import-statement"}]},
            "www/dist/chunk-M.js": {"imports": []},
            "www/dist/worker.js": {"imports": []}}}"#;
        let before = loaded_statically(meta, &["www/dist/app.js", "www/dist/worker.js"]).expect("parses");
        for chunk in ["www/dist/chunk-A.js", "www/dist/chunk-B.js"] {
            assert!(before.iter().any(|b| b == chunk), "{chunk} in {before:?}");
        }
        for chunk in ["www/dist/chunk-L.js", "www/dist/chunk-M.js"] {
            assert!(!before.iter().any(|b| b == chunk), "{chunk} in {before:?}");
        }
        assert!(loaded_statically("not json", &["www/dist/app.js"]).is_none());
    }

    #[test]
    fn compresses_repetitive_text_and_counts_raw_bytes() {
        let text = "fn main() { println!(\"hello\"); }\n".repeat(200);
        let s = measure(text.as_bytes());
        assert_eq!(s.raw, text.len());
        assert!(s.gzip < s.raw / 10, "gzip {} of {}", s.gzip, s.raw);
        assert!(s.brotli < s.raw / 10, "brotli {} of {}", s.brotli, s.raw);
    }

    #[test]
    fn a_missing_page_file_fails_the_report() {
        let empty = std::env::temp_dir().join(format!("sendlens-sizes-{}", std::process::id()));
        std::fs::create_dir_all(&empty).unwrap();
        assert!(!report(&empty));
        std::fs::remove_dir_all(&empty).unwrap();
    }
}
