//! Offline support for the page: writes the versioned service worker. Called by `build` after
//! the page is bundled.
//!
//! `www/src/sw.js` is the template; the generated `sw.js` goes to the site's root (gitignored)
//! because a service worker only controls pages at or below its own folder. Its version is a hash
//! of the asset list and of every asset's bytes, so any change to the page gives a byte-different
//! `sw.js`, which browsers install in place of the old one (it then deletes the old cache).

use std::path::{Path, PathBuf};

const TEMPLATE: &str = "www/src/sw.js";
const VERSION_PLACEHOLDER: &str = "'__SENDLENS_SW_VERSION__'";
const ASSETS_PLACEHOLDER: &str = "/* __SENDLENS_SW_ASSETS__ */ []";

/// The page's own files, relative to the root with `/` separators, sorted: what the page needs
/// to show its first diagnostics and everything it may load later (lazy chunks, the worker).
pub fn assets(root: &Path) -> Vec<String> {
    let mut out = vec!["index.html".to_string(), "www/style.css".to_string()];
    let mut add_dir = |dir: &str, keep: &dyn Fn(&str) -> bool| {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_file() && keep(&name) {
                out.push(format!("{dir}/{name}"));
            }
        }
    };
    // The bundles and their chunks; not source maps or esbuild metafiles, which the page never loads.
    add_dir("www/dist", &|n| n.ends_with(".js") || n.ends_with(".css") || n.ends_with(".wasm"));
    // wasm-bindgen's glue and the wasm; not its TypeScript declarations.
    add_dir("www/pkg", &|n| n.ends_with(".js") || n.ends_with(".wasm"));
    out.sort();
    out.dedup();
    out
}

/// 64-bit FNV-1a. The version only has to change when an asset does (a cache name, not a
/// security boundary): a hand-written hash needs no dependency. The size report's cache
/// (`sizes.rs`) keys files by it too.
pub(crate) struct Fnv1a(pub(crate) u64);

impl Fnv1a {
    pub(crate) fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A hash of the asset list and of each asset's bytes (length-prefixed, so moving bytes from one
/// file to the next changes it too).
pub fn version(root: &Path, assets: &[String]) -> std::io::Result<String> {
    let mut h = Fnv1a::new();
    for a in assets {
        let bytes = std::fs::read(root.join(a))?;
        h.write(&(a.len() as u64).to_le_bytes());
        h.write(a.as_bytes());
        h.write(&(bytes.len() as u64).to_le_bytes());
        h.write(&bytes);
    }
    Ok(format!("{:016x}", h.0))
}

fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The service worker's text for these assets and version.
pub fn render(template: &str, version: &str, assets: &[String]) -> Result<String, String> {
    if !template.contains(VERSION_PLACEHOLDER) || !template.contains(ASSETS_PLACEHOLDER) {
        return Err(format!("{TEMPLATE} lacks {VERSION_PLACEHOLDER} or {ASSETS_PLACEHOLDER}"));
    }
    let list = assets.iter().map(|a| js_string(a)).collect::<Vec<_>>().join(", ");
    Ok(template.replace(VERSION_PLACEHOLDER, &js_string(version)).replace(ASSETS_PLACEHOLDER, &format!("[{list}]")))
}

/// Writes `<root>/sw.js`; returns its path and version.
pub fn generate(root: &Path) -> Result<(PathBuf, String), String> {
    let template = std::fs::read_to_string(root.join(TEMPLATE)).map_err(|e| format!("cannot read {TEMPLATE}: {e}"))?;
    let assets = assets(root);
    let version = version(root, &assets).map_err(|e| format!("cannot read an asset: {e}"))?;
    let text = render(&template, &version, &assets)?;
    let out = root.join("sw.js");
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok((out, version))
}

pub fn write_service_worker(root: &Path) {
    match generate(root) {
        Ok((_, version)) => {
            eprintln!("xtask: wrote sw.js (offline cache version {version}, {} files)", assets(root).len())
        }
        Err(e) => {
            eprintln!("xtask: cannot write the service worker: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-offline-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for d in ["www/src", "www/dist", "www/pkg"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        let template =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(TEMPLATE)).unwrap();
        std::fs::write(dir.join(TEMPLATE), template).unwrap();
        for (f, body) in [
            ("index.html", "<!doctype html>"),
            ("www/style.css", "body{}"),
            ("www/dist/main.js", "1"),
            ("www/dist/chunk-AB.js", "2"),
            ("www/dist/main.js.map", "{}"),
            ("www/pkg/sendlens.js", "3"),
            ("www/pkg/sendlens_bg.wasm", "\0asm"),
            ("www/pkg/sendlens.d.ts", "x"),
        ] {
            std::fs::write(dir.join(f), body).unwrap();
        }
        dir
    }

    #[test]
    fn lists_the_pages_files_and_nothing_it_never_loads() {
        let dir = site("list");
        assert_eq!(
            assets(&dir),
            [
                "index.html",
                "www/dist/chunk-AB.js",
                "www/dist/main.js",
                "www/pkg/sendlens.js",
                "www/pkg/sendlens_bg.wasm",
                "www/style.css"
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_version_changes_with_any_asset_and_only_then() {
        let dir = site("version");
        let (sw, v1) = generate(&dir).unwrap();
        let text = std::fs::read_to_string(&sw).unwrap();
        assert!(text.contains(&format!("const VERSION = \"{v1}\";")), "{text}");
        assert!(text.contains(r#"const ASSETS = ["index.html", "www/dist/chunk-AB.js","#), "{text}");
        assert!(!text.contains("__SENDLENS_SW_"), "no placeholder is left");
        assert_eq!(generate(&dir).unwrap().1, v1, "same files, same version");
        std::fs::write(dir.join("www/style.css"), "body{color:red}").unwrap();
        let v2 = generate(&dir).unwrap().1;
        assert_ne!(v2, v1, "a changed asset changes the version");
        std::fs::write(dir.join("www/dist/chunk-CD.js"), "").unwrap();
        assert_ne!(generate(&dir).unwrap().1, v2, "a new (even empty) asset changes the version");
        // Files the page never loads do not.
        let v3 = generate(&dir).unwrap().1;
        std::fs::write(dir.join("www/pkg/sendlens.d.ts"), "changed").unwrap();
        assert_eq!(generate(&dir).unwrap().1, v3);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn moving_bytes_between_files_changes_the_version() {
        let dir = site("move");
        std::fs::write(dir.join("www/dist/chunk-AB.js"), "ab").unwrap();
        std::fs::write(dir.join("www/dist/main.js"), "").unwrap();
        let v1 = generate(&dir).unwrap().1;
        std::fs::write(dir.join("www/dist/chunk-AB.js"), "a").unwrap();
        std::fs::write(dir.join("www/dist/main.js"), "b").unwrap();
        assert_ne!(generate(&dir).unwrap().1, v1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_template_without_placeholders_is_an_error() {
        assert!(render("const VERSION = 'x';", "v", &[]).is_err());
    }
}
