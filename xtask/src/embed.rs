//! The embeddable widget: writes `dist/` (`send-lens.js` + its worker and wasm, and the
//! self-contained `send-lens.inline.js`). Called by `build` after the page is bundled, so
//! `www/pkg/` holds the wasm and its glue.
//!
//! - `send-lens.worker.js`: the analyzer worker shared by every widget on a page (the page's own
//!   worker, `www/src/worker.js`), built as a classic script so the same code also runs from a
//!   blob: URL in the inline build;
//! - `send-lens.js`: the element as one ES module, which loads the two files beside it;
//! - `sendlens_bg.wasm`: copied from `www/pkg/`;
//! - `send-lens.inline.js`: one classic script with the worker's code (text) and the wasm
//!   (base64) inside, for pages opened from `file://`.

use std::path::Path;
use std::process::Command;

use crate::{run, say};

/// Browsers with everything the widget uses (custom elements, shadow DOM, class fields,
/// CompressionStream for the share link): esbuild lowers nothing else.
const TARGET: &str = "--target=es2022";

fn esbuild(root: &Path, entry: &str, format: &str, out: &str, extra: &[&str]) {
    run(Command::new(root.join("node_modules/.bin/esbuild"))
        .args([entry, "--bundle", "--minify", TARGET, "--legal-comments=none", "--log-level=warning"])
        .arg(format!("--format={format}"))
        .arg(format!("--outfile={out}"))
        .args(extra)
        .current_dir(root));
}

pub fn build(root: &Path) {
    let dist = root.join("dist");
    if let Err(e) = std::fs::create_dir_all(&dist) {
        say(format!("cannot create {}: {e}", dist.display()));
        std::process::exit(1);
    }
    // The wasm-bindgen glue falls back to `import.meta.url` only when given no wasm, which the
    // worker never is (analyzer.js sends it); the define keeps esbuild from warning about it in a
    // classic script.
    esbuild(
        root,
        "www/src/worker.js",
        "iife",
        "dist/send-lens.worker.js",
        &["--define:import.meta.url=self.location.href"],
    );
    esbuild(root, "www/src/embed/send-lens.js", "esm", "dist/send-lens.js", &[]);
    let wasm = root.join("www/pkg/sendlens_bg.wasm");
    if let Err(e) = std::fs::copy(&wasm, dist.join("sendlens_bg.wasm")) {
        say(format!("cannot copy {} into dist/: {e}", wasm.display()));
        std::process::exit(1);
    }
    esbuild(root, "www/src/embed/inline.js", "iife", "dist/send-lens.inline.js", &[]);
    say("wrote dist/: send-lens.js, send-lens.worker.js, sendlens_bg.wasm, send-lens.inline.js");
}
