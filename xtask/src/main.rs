//! `cargo xtask build|serve|test|bench`: the project's commands and their helpers.
//!
//! Each command first installs what is missing on a fresh Debian machine, and says so:
//! the `wasm32-unknown-unknown` target, `wasm-bindgen-cli` at exactly the version of the
//! `wasm-bindgen` crate in Cargo.lock, the page's npm packages, and (for `test`) Debian's
//! Chromium and ChromeDriver, plus Firefox and geckodriver where they can be had.
//!
//! - `build [--dev]`: compiles the analyzer to wasm (release; `--dev`: debug, with the panic
//!   hook), runs `wasm-bindgen --target web` into
//!   `www/pkg/`, bundles the page's JS with esbuild into `www/dist/`. Afterwards serving the
//!   repository root as static files gives the working page at `/index.html`.
//! - `serve [--port N]`: `build`, then a static server on 127.0.0.1.
//! - `test`: `cargo fmt --check`, clippy (warnings are errors), native tests, wasm-bindgen-test
//!   in headless Chromium (and Firefox), the page's end-to-end tests; runs every suite and fails
//!   at the end if any failed.
//! - `bench`: `build`, then `tests/e2e/bench.mjs` in Chromium: `www/bench.html` (the native
//!   benchmark's inputs through the wasm), navigation to first diagnostics, transfer sizes, the
//!   page worker's memory over 10,000 analyses, time per keystroke (README "Speed and size").
//! - `sizes`: the size report of what is built (`build` prints it too, and fails over budget).

mod embed;
mod offline;
mod serve;
mod sizes;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};
use std::time::Instant;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const GECKODRIVER_VERSION: &str = "0.37.1";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn say(msg: impl AsRef<str>) {
    eprintln!("xtask: {}", msg.as_ref());
}

fn status(cmd: &mut Command) -> bool {
    say(format!("running {}", show(cmd)));
    match cmd.status() {
        Ok(s) => s.success(),
        Err(e) => {
            say(format!("cannot start {}: {e}", show(cmd)));
            false
        }
    }
}

fn run(cmd: &mut Command) {
    if !status(cmd) {
        say(format!("failed: {}", show(cmd)));
        exit(1);
    }
}

fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|d| d.join(program)).find(|p| p.is_file())
}

fn cargo_home_bin(program: &str) -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(program)
}

// ---------------------------------------------------------------------------------------------
// Installing what is missing

fn ensure_wasm_target() {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return;
    }
    say("installing the wasm32-unknown-unknown target (missing)");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]));
}

/// The version of the `wasm-bindgen` crate in Cargo.lock.
fn locked_wasm_bindgen_version() -> String {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("read Cargo.lock");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return v.trim_end_matches('"').to_string();
            }
        }
    }
    say("Cargo.lock has no wasm-bindgen entry");
    exit(1);
}

fn ensure_wasm_bindgen() {
    let want = locked_wasm_bindgen_version();
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = on_path("wasm-bindgen-test-runner").is_some();
    if have.split_whitespace().nth(1) == Some(want.as_str()) && runner {
        return;
    }
    if have.is_empty() {
        say(format!("installing wasm-bindgen-cli {want} (missing; takes a few minutes)"));
    } else {
        say(format!("installing wasm-bindgen-cli {want} (found {}, which does not match Cargo.lock)", have.trim()));
    }
    // Not --locked: a locked dependency version of wasm-bindgen-cli is missing from the registry
    // mirror (see shared/TOOLCHAIN.md).
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]));
}

fn apt_install(packages: &[&str]) -> bool {
    say(format!("installing {} with apt-get (missing)", packages.join(" ")));
    let sudo = output(Command::new("id").arg("-u")).map(|u| u.trim() != "0").unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut cmd = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        status(&mut cmd)
    };
    apt(&["update", "-qq"]) && apt(&[&["install", "-y", "-qq", "--no-install-recommends"][..], packages].concat())
}

fn ensure_node() {
    if on_path("node").is_some() && on_path("npm").is_some() {
        return;
    }
    if !apt_install(&["nodejs", "npm"]) {
        say("cannot install node and npm");
        exit(1);
    }
}

fn ensure_npm_packages() {
    ensure_node();
    let root = root();
    let stamp = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&stamp), modified(&lock)) {
        (Some(s), Some(l)) => s >= l && root.join("node_modules/.bin/esbuild").exists(),
        _ => false,
    };
    if fresh {
        return;
    }
    say("installing the page's npm packages (missing or out of date)");
    // playwright-core never downloads a browser; the variable makes sure nothing else does.
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&root)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
}

fn ensure_chromium() {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return;
    }
    if !apt_install(&["chromium", "chromium-driver"]) {
        say("cannot install chromium and chromium-driver");
        exit(1);
    }
}

/// Firefox and geckodriver, where they can be had. Optional: `None` skips the Firefox run.
fn ensure_firefox() -> Option<PathBuf> {
    if env::var_os("SENDLENS_NO_FIREFOX").is_some() {
        say("SENDLENS_NO_FIREFOX is set: skipping Firefox");
        return None;
    }
    let has_firefox = on_path("firefox").is_some() || on_path("firefox-esr").is_some();
    if !has_firefox && !apt_install(&["firefox-esr"]) {
        say("Firefox is not available here: skipping the Firefox run");
        return None;
    }
    let gecko = on_path("geckodriver").unwrap_or_else(|| cargo_home_bin("geckodriver"));
    if !gecko.exists() {
        say(format!("installing geckodriver {GECKODRIVER_VERSION} (missing; takes a few minutes)"));
        if !status(Command::new("cargo").args(["install", "geckodriver", "--version", GECKODRIVER_VERSION, "--locked"]))
        {
            say("cannot install geckodriver: skipping the Firefox run");
            return None;
        }
    }
    Some(gecko)
}

// ---------------------------------------------------------------------------------------------
// Build

/// `--dev` (or `SENDLENS_DEV=1`): a debug build of the wasm, with the panic hook that logs an
/// analyzer panic's message to the console.
fn dev_build() -> bool {
    env::args().any(|a| a == "--dev") || env::var_os("SENDLENS_DEV").is_some()
}

fn build() {
    ensure_wasm_target();
    ensure_wasm_bindgen();
    ensure_npm_packages();
    let root = root();
    let t0 = Instant::now();
    let profile = if dev_build() { "dev" } else { "wasm-release" };
    run(Command::new("cargo")
        .args(["build", "--lib", "--target", "wasm32-unknown-unknown", "--profile", profile, "-p", "sendlens"])
        .current_dir(&root));
    let out_dir = if profile == "dev" { "debug" } else { profile };
    let wasm = target_dir().join("wasm32-unknown-unknown").join(out_dir).join("sendlens.wasm");
    let pkg = root.join("www/pkg");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--remove-name-section", "--remove-producers-section", "--out-dir"])
        .arg(&pkg)
        .arg(&wasm)
        .current_dir(&root));
    if env::var_os("SENDLENS_WASM_OPT").is_some() {
        wasm_opt(&root, &pkg.join("sendlens_bg.wasm"));
    }
    bundle(&root);
    embed::build(&root);
    offline::write_service_worker(&root);
    if !sizes::report(&root) && env::var_os("SENDLENS_IGNORE_BUDGETS").is_none() {
        say("a size budget is exceeded (set SENDLENS_IGNORE_BUDGETS=1 to build anyway)");
        exit(1);
    }
    say(format!(
        "built the page in {:.1} s: serve {} and open /index.html",
        t0.elapsed().as_secs_f64(),
        root.display()
    ));
}

/// Opt-in (`SENDLENS_WASM_OPT=1`): npm's binaryen `wasm-opt -O3` (never Debian's binaryen 108,
/// whose output fails at run time). Off by default: it cut the raw size 7% but grew the gzip and
/// brotli sizes 3-4%, and the speed gain was within noise (README, "Figures").
fn wasm_opt(root: &Path, wasm: &Path) {
    let features = [
        "--enable-bulk-memory",
        "--enable-sign-ext",
        "--enable-nontrapping-float-to-int",
        "--enable-mutable-globals",
        "--enable-reference-types",
        "--enable-multivalue",
    ];
    run(Command::new(root.join("node_modules/.bin/wasm-opt")).arg("-O3").args(features).arg(wasm).arg("-o").arg(wasm));
}

fn bundle(root: &Path) {
    // Chunk names carry a hash of their contents: the previous build's would linger, and the size
    // report and the offline cache take every chunk in the folder for the page's.
    if let Ok(entries) = std::fs::read_dir(root.join("www/dist")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("chunk-") && name.ends_with(".js") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let common = [
        "--bundle",
        "--format=esm",
        "--minify",
        "--target=es2020",
        "--legal-comments=none",
        "--log-level=warning",
        "--outdir=www/dist",
    ];
    // The entry module on its own, with no shared chunk: it starts the worker and the wasm's
    // download (through the analyzer's client, www/src/analyzer.js, bundled here), and a chunk
    // import would be one more round trip before it runs. app.js imports it back (the examples,
    // the client and the first analysis asked for) as the module already evaluated.
    run(Command::new(root.join("node_modules/.bin/esbuild"))
        .args(["www/src/main.js", "--external:./app.js"])
        .args(common)
        .current_dir(root));
    // The editor and the worker (code they would share, or load lazily, becomes chunks).
    run(Command::new(root.join("node_modules/.bin/esbuild"))
        .args([
            "www/src/app.js",
            "www/src/worker.js",
            "--external:./main.js",
            "--splitting",
            "--chunk-names=chunk-[hash]",
        ])
        // Which chunk is imported how: the size report counts only those loaded before the first
        // diagnostics (xtask/src/sizes.rs).
        .arg(format!("--metafile={}", sizes::PAGE_METAFILE))
        .args(common)
        .current_dir(root));
}

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

// ---------------------------------------------------------------------------------------------
// Test

struct Suite {
    name: &'static str,
    ok: Option<bool>, // None: skipped
    secs: f64,
}

fn suite(suites: &mut Vec<Suite>, name: &'static str, f: impl FnOnce() -> Option<bool>) {
    say(format!("=== {name} ==="));
    let t0 = Instant::now();
    let ok = f();
    let secs = t0.elapsed().as_secs_f64();
    let verdict = match ok {
        Some(true) => "passed",
        Some(false) => "FAILED",
        None => "skipped",
    };
    say(format!("suite {name}: {verdict} ({secs:.1} s)"));
    suites.push(Suite { name, ok, secs });
}

fn wasm_tests(driver_var: &str, driver: &Path) -> bool {
    let mut cmd = Command::new("cargo");
    cmd.args([
        "test",
        "--no-fail-fast",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "sendlens",
        "--test",
        "web",
        "--test",
        "web_worker",
    ])
    .current_dir(root())
    .env_remove("CHROMEDRIVER")
    .env_remove("GECKODRIVER")
    .env_remove("SAFARIDRIVER")
    .env(driver_var, driver);
    status(&mut cmd)
}

fn test() {
    ensure_wasm_target();
    ensure_wasm_bindgen();
    ensure_npm_packages();
    ensure_chromium();
    let firefox = ensure_firefox();
    let root = root();
    let mut suites = Vec::new();

    // Style and lints first: they take seconds, and a failure here says the most about a change.
    // clippy reads clippy.toml (its `disallowed-methods` included) from the workspace root.
    suite(&mut suites, "format (cargo fmt --all --check)", || {
        Some(status(Command::new("cargo").args(["fmt", "--all", "--check"]).current_dir(&root)))
    });
    suite(&mut suites, "lints (cargo clippy --workspace --all-targets -- -D warnings)", || {
        Some(status(
            Command::new("cargo")
                .args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
                .current_dir(&root),
        ))
    });
    suite(&mut suites, "native (cargo test --workspace)", || {
        Some(status(Command::new("cargo").args(["test", "--workspace"]).current_dir(&root)))
    });
    let mut built = false;
    suite(&mut suites, "build (wasm + page)", || {
        built = std::panic::catch_unwind(build).is_ok();
        Some(built)
    });
    suite(&mut suites, "wasm-bindgen-test in headless Chromium", || {
        Some(wasm_tests("CHROMEDRIVER", Path::new(CHROMEDRIVER)))
    });
    suite(&mut suites, "wasm-bindgen-test in headless Firefox", || {
        firefox.as_ref().map(|g| wasm_tests("GECKODRIVER", g))
    });
    suite(&mut suites, "end-to-end (Chromium via playwright-core, Firefox via WebDriver)", || {
        if !built {
            say("the page did not build: skipping the end-to-end tests");
            return Some(false);
        }
        let server = serve::Server::start(&root, 0).expect("start the static server");
        let mut cmd = Command::new("node");
        cmd.arg("--test").arg("--test-concurrency=1");
        for f in e2e_test_files(&root) {
            cmd.arg(f);
        }
        cmd.current_dir(&root).env("SENDLENS_URL", server.url());
        match &firefox {
            Some(gecko) => cmd.env("GECKODRIVER", gecko),
            None => cmd.env("SENDLENS_NO_FIREFOX", "1"),
        };
        Some(status(&mut cmd))
    });

    eprintln!();
    say("summary");
    for s in &suites {
        let verdict = match s.ok {
            Some(true) => "passed",
            Some(false) => "FAILED",
            None => "skipped",
        };
        eprintln!("  {:<66} {:>7}  {:>6.1} s", s.name, verdict, s.secs);
    }
    let passed = suites.iter().filter(|s| s.ok == Some(true)).count();
    let failed = suites.iter().filter(|s| s.ok == Some(false)).count();
    let skipped = suites.iter().filter(|s| s.ok.is_none()).count();
    // The plain closing line: suites, not tests (each suite printed its own tests above).
    println!("suites: {passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        exit(1);
    }
}

fn e2e_test_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/e2e"))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.to_string_lossy().ends_with(".test.mjs"));
    files.sort();
    files
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or_default();
    let port = args
        .iter()
        .position(|a| a == "--port")
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.parse().ok())
        .or_else(|| env::var("PORT").ok().and_then(|p| p.parse().ok()));
    match task {
        "build" => build(),
        "serve" => {
            build();
            let root = root();
            // The given port, else the first free one of 8000-8009, else any free port.
            let started = match port {
                Some(p) => serve::Server::start(&root, p),
                None => (8000..8010)
                    .find_map(|p| serve::Server::start(&root, p).ok())
                    .map(Ok)
                    .unwrap_or_else(|| serve::Server::start(&root, 0)),
            };
            let server = started.unwrap_or_else(|e| {
                say(format!("cannot start the server: {e}"));
                exit(1)
            });
            println!("sendlens is served at {}/index.html (Ctrl+C to stop)", server.url());
            server.wait();
        }
        "test" => test(),
        // The size report of what is already built, without building.
        "sizes" => exit(if sizes::report(&root()) { 0 } else { 1 }),
        "bench" => {
            build();
            ensure_chromium();
            let root = root();
            let server = serve::Server::start(&root, 0).expect("start the static server");
            run(Command::new("node").arg("tests/e2e/bench.mjs").current_dir(&root).env("SENDLENS_URL", server.url()));
        }
        _ => {
            eprintln!("usage: cargo xtask build [--dev] | serve [--dev] [--port N] | test | bench | sizes");
            exit(2);
        }
    }
}
