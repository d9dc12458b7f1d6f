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
//!
//! Compressing is the slow part (brotli at quality 11: about a second per megabyte optimised,
//! tens of seconds unoptimised; `xtask/compress` is built optimised even in xtask's dev profile). Each file's figures are cached by a hash of its
//! bytes ([`Cache`]), so a build that changed one script compresses that script only. The
//! totals and budgets are still computed and checked on every report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::offline::Fnv1a;

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
    Sizes { raw: bytes.len(), gzip: xtask_compress::gzip_len(bytes), brotli: xtask_compress::brotli_len(bytes) }
}

/// The cache's file, under the target folder. Its first line names what [`measure`] computes:
/// a cache written for other settings is not read.
const CACHE_FILE: &str = "xtask-sizes.tsv";
const CACHE_HEADER: &str = "# sizes of files by content: raw, gzip -9, brotli -q 11 -w 22 (v1)";
/// Entries kept besides those of the latest report: a few builds' worth (a release and a `--dev`
/// build of the wasm alternate, say), not an ever-growing file.
const CACHE_KEEP: usize = 64;

/// A file's key: its length and 64-bit FNV-1a hash (an accidental collision would only misreport
/// one file's size).
type Key = (usize, u64);

fn key(bytes: &[u8]) -> Key {
    let mut h = Fnv1a::new();
    h.write(bytes);
    (bytes.len(), h.0)
}

/// Sizes measured before, by content. Unreadable or foreign lines are ignored: the cache only
/// ever saves work.
struct Cache {
    file: PathBuf,
    known: HashMap<Key, Sizes>,
    /// The keys measured or looked up by this report, first kept when saving.
    used: Vec<Key>,
}

impl Cache {
    fn open(file: PathBuf) -> Cache {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut lines = text.lines();
        let mut known = HashMap::new();
        if lines.next() == Some(CACHE_HEADER) {
            for line in lines {
                let fields: Vec<&str> = line.split('\t').collect();
                let [hash, raw, gzip, brotli] = fields[..] else { continue };
                let (Ok(hash), Ok(raw), Ok(gzip), Ok(brotli)) =
                    (u64::from_str_radix(hash, 16), raw.parse(), gzip.parse(), brotli.parse())
                else {
                    continue;
                };
                known.insert((raw, hash), Sizes { raw, gzip, brotli });
            }
        }
        Cache { file, known, used: Vec::new() }
    }

    fn measure(&mut self, bytes: &[u8]) -> Sizes {
        let key = key(bytes);
        let sizes = *self.known.entry(key).or_insert_with(|| measure(bytes));
        if !self.used.contains(&key) {
            self.used.push(key);
        }
        sizes
    }

    /// Writes the entries used by this report first, then up to [`CACHE_KEEP`] others. Through
    /// a temporary file and a rename, so a concurrent report never reads half a file.
    fn save(&self) {
        let mut text = format!("{CACHE_HEADER}\n");
        let others = self.known.keys().filter(|k| !self.used.contains(k)).take(CACHE_KEEP);
        for k in self.used.iter().chain(others) {
            let s = self.known[k];
            text.push_str(&format!("{:016x}\t{}\t{}\t{}\n", k.1, s.raw, s.gzip, s.brotli));
        }
        let tmp = self.file.with_extension(format!("tmp{}", std::process::id()));
        let saved = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, &self.file));
        if saved.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
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
fn set(root: &Path, cache: &mut Cache, title: &str, files: &[&str], budget: usize) -> Option<bool> {
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
        let s = cache.measure(&bytes);
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
    report_with_cache(root, crate::target_dir().join(CACHE_FILE))
}

fn report_with_cache(root: &Path, cache_file: PathBuf) -> bool {
    let mut cache = Cache::open(cache_file);
    println!("Transfer sizes (what a browser downloads; budgets are brotli totals)");
    let (page_files, later) = page_files(root);
    let page_files: Vec<&str> = page_files.iter().map(String::as_str).collect();
    let page = set(root, &mut cache, "the page, up to its first diagnostics:", &page_files, PAGE_BUDGET);
    if !later.is_empty() {
        println!("  loaded after the first diagnostics (through import(), not in the budget):");
        for file in &later {
            if let Ok(bytes) = std::fs::read(root.join(file)) {
                row(file, cache.measure(&bytes));
            }
        }
    }
    let embed = if root.join("dist").is_dir() {
        let fits = set(root, &mut cache, "the <send-lens> widget (dist/):", EMBED_FILES, EMBED_BUDGET);
        if let Ok(bytes) = std::fs::read(root.join(EMBED_ALTERNATIVE)) {
            println!("  instead of the three files above, for file:// pages:");
            row(EMBED_ALTERNATIVE, cache.measure(&bytes));
        }
        fits
    } else {
        println!("the <send-lens> widget: dist/ does not exist (not built), skipped");
        Some(true)
    };
    cache.save();
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
        assert!(!report_with_cache(&empty, empty.join(CACHE_FILE)));
        std::fs::remove_dir_all(&empty).unwrap();
    }

    /// A site whose files fit the budgets, in a fresh folder.
    fn small_site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sendlens-sizes-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in PAGE_FILES.iter().chain(EMBED_FILES) {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, format!("contents of {file}")).unwrap();
        }
        dir
    }

    #[test]
    fn the_cache_gives_the_measured_figures_and_budgets_are_still_checked() {
        let dir = small_site("cache");
        let cache_file = dir.join(CACHE_FILE);
        assert!(report_with_cache(&dir, cache_file.clone()));
        let mut cache = Cache::open(cache_file.clone());
        assert_eq!(cache.known.len(), PAGE_FILES.len() + EMBED_FILES.len(), "every file cached");
        let bytes = std::fs::read(dir.join("www/dist/app.js")).unwrap();
        let cached = cache.measure(&bytes);
        let fresh = measure(&bytes);
        assert_eq!((cached.raw, cached.gzip, cached.brotli), (fresh.raw, fresh.gzip, fresh.brotli));
        // A cached figure does not excuse a file that grew over the budget.
        std::fs::write(dir.join("www/pkg/sendlens_bg.wasm"), pseudo_random(PAGE_BUDGET + 1024)).unwrap();
        assert!(!report_with_cache(&dir, cache_file.clone()), "over the budget with a cache");
        // Nor does a missing file.
        std::fs::remove_file(dir.join("www/pkg/sendlens_bg.wasm")).unwrap();
        assert!(!report_with_cache(&dir, cache_file.clone()));
        // A cache written for other settings, or damaged, is not read.
        std::fs::write(&cache_file, "# another header\n0000000000000001\t1\t1\t1\n").unwrap();
        assert!(Cache::open(cache_file.clone()).known.is_empty());
        std::fs::write(&cache_file, format!("{CACHE_HEADER}\nnot\ta\tline\n\n")).unwrap();
        assert!(Cache::open(cache_file).known.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Bytes that do not compress (a xorshift generator).
    fn pseudo_random(len: usize) -> Vec<u8> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }
}
