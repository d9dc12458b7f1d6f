#!/usr/bin/env python3
"""Check with rustc that sendlens's fixes make rejected programs compile.

Usage:
    python3 scripts/check_fixes.py [FIXTURE_DIR ...] [--bin target/release/sendlens] [--no-build]
                                   [--deps-dir DIR] [--min 0.8] [-j 2] [-q]

FIXTURE_DIR holds labels.jsonl and cases/ (default: every such folder under tests/fixtures/).
For every fixture that rustc rejects (syntax errors excepted: there is nothing to type-check),
the release CLI is run with `--json --edition <E>` on a copy named main.rs (so the file name
tells nothing), the first fix that is not "displayOnly" of every error diagnostic is applied
(identical edits once, overlapping edits skipped, exactly like the corpus's score.py), and the
result is type-checked again by rustc. A fixture counts as fixed when rustc then accepts it.
The denominator is every rustc-rejected fixture: a missed error or a missing fix is a fixture
not fixed. The last line is the summary `fixes-compile N/M (P%)`; the exit code is 1 when
--min is given and missed, 2 when something could not run at all.

Type-checking vendors the corpus's labeller (label.py): a small cargo project pinning the same
dependencies, built once (this needs crates.io the first time, about 2-3 minutes on 2 cores),
then `rustc --emit=metadata --error-format=json -L dependency=... --extern NAME=lib...` per file.
It reuses an existing build in <tmp>/rust-async-oracle-deps-v4 (label.py's default location and
layout) when present.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---- vendored from the corpus labeller (label.py): keep in step with its pins ----------------

CARGO_TOML = """[package]
name = "rust-async-oracle-deps"
version = "0.1.0"
edition = "2021"

[dependencies]
tokio = { version = "=1.54.1", features = ["full"] }
futures = "=0.3.34"
smol = "=2.0.2"
async-std = { version = "=1.13.2", features = ["attributes"] }
rand = "=0.9.5"
axum = { version = "=0.8.9", features = ["macros"] }
async-trait = "=0.1.92"
actix-web = "=4.18.1"
"""

# Crate names as written in code (`--extern NAME=...`), in CARGO_TOML order.
CRATES = ("tokio", "futures", "smol", "async_std", "rand", "axum", "async_trait", "actix_web")

PINNED = {m.group(1).replace("-", "_"): m.group(2) for m in re.finditer(
    r'^([A-Za-z0-9_-]+)\s*=\s*(?:\{\s*version\s*=\s*)?"=([^"]+)"', CARGO_TOML, re.M)}

# A library's .rlib, or the host shared library of the proc-macro crate async-trait.
LIB_ENDINGS = (".rlib", ".so", ".dylib", ".dll")

DEFAULT_DEPS_DIR = os.path.join(tempfile.gettempdir(), "rust-async-oracle-deps-v4")


def package_version(package_id):
    """The version in a cargo package id (`...#rand@0.9.5` or `rand 0.9.5 (...)`)."""
    m = re.search(r"[@ ](\d+\.\d+\.\d+[^ )]*)", package_id)
    return m.group(1) if m else None


def build_deps(deps_dir):
    """Create (if needed) and build the helper cargo project; an existing build makes this a
    no-op of about a second. Returns (deps_folder, {crate_name: library_path})."""
    os.makedirs(os.path.join(deps_dir, "src"), exist_ok=True)
    toml = os.path.join(deps_dir, "Cargo.toml")
    if not os.path.exists(toml):
        with open(toml, "w") as f:
            f.write(CARGO_TOML)
    main_rs = os.path.join(deps_dir, "src", "main.rs")
    if not os.path.exists(main_rs):
        with open(main_rs, "w") as f:
            f.write("".join("use %s as _;\n" % c for c in CRATES) + "fn main() {}\n")
    proc = subprocess.run(["cargo", "build", "--message-format=json"], cwd=deps_dir,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(2)
    externs = {}
    for line in proc.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("reason") != "compiler-artifact":
            continue
        name = msg["target"]["name"]
        # Only the pinned version: actix-web also pulls in another rand.
        if name not in CRATES or package_version(msg.get("package_id", "")) != PINNED.get(name):
            continue
        libs = sorted((p for p in msg["filenames"] if p.endswith(LIB_ENDINGS)),
                      key=lambda p: not p.endswith(".rlib"))
        if libs:
            externs[name] = libs[0]
    missing = [c for c in CRATES if c not in externs]
    if missing:
        sys.stderr.write("check_fixes: could not locate %s in %s\n" % (", ".join(missing), deps_dir))
        raise SystemExit(2)
    return os.path.dirname(externs["tokio"]), externs


def rustc_errors(path, edition, deps_folder, externs, outdir):
    """Type-check one file as a binary crate; return the messages of its errors (empty: accepted)."""
    folder, base = os.path.split(os.path.abspath(path))
    crate = "fixed_" + re.sub(r"[^A-Za-z0-9_]", "_", base[:-3])
    cmd = ["rustc", "--edition", edition, "--crate-type", "bin", "--crate-name", crate,
           "--emit=metadata", "-o", os.path.join(outdir, crate + ".rmeta"),
           "--error-format=json", "-L", "dependency=" + deps_folder]
    for name, lib in sorted(externs.items()):
        cmd += ["--extern", "%s=%s" % (name, lib)]
    cmd.append(base)
    proc = subprocess.run(cmd, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors = []
    for line in proc.stderr.splitlines():
        try:
            diag = json.loads(line)
        except ValueError:
            continue
        if diag.get("$message_type", "diagnostic") != "diagnostic" or diag.get("level") not in (
                "error", "error: internal compiler error"):
            continue
        msg = diag.get("message") or ""
        if msg.startswith("aborting due to") and not diag.get("spans"):
            continue
        spans = [s for s in diag.get("spans") or [] if s.get("is_primary")]
        where = ":%d" % spans[0]["line_start"] if spans else ""
        errors.append("%s%s" % (msg, where))
    if proc.returncode != 0 and not errors:
        errors.append("rustc exited with %d" % proc.returncode)
    return errors

# ---- applying fixes: the same rule as score.py's apply_first_fixes ---------------------------


def apply_first_fixes(src, diags):
    """Apply the first non-displayOnly fix of every diagnostic: identical edits once, edits that
    overlap an earlier one or fall outside the text skipped. None when no fix is offered."""
    edits = []
    for d in diags:
        usable = [f for f in d.get("fixes") or [] if f.get("applicability") != "displayOnly"]
        if usable:
            edits.extend(usable[0].get("edits") or [])
    if not edits:
        return None
    data = src.encode("utf-8")
    spans = sorted({(e["span"]["byteStart"], e["span"]["byteEnd"], e["replacement"]) for e in edits})
    out, pos = [], 0
    for start, end, rep in spans:
        if start < pos or end < start or end > len(data):
            continue
        out.append(data[pos:start])
        out.append(rep.encode("utf-8"))
        pos = end
    out.append(data[pos:])
    return b"".join(out).decode("utf-8", "replace")

# ---- driver ------------------------------------------------------------------------------------


def fixture_dirs(args_dirs):
    if args_dirs:
        return args_dirs
    root = os.path.join(ROOT, "tests", "fixtures")
    return sorted(os.path.join(root, d) for d in os.listdir(root)
                  if os.path.isfile(os.path.join(root, d, "labels.jsonl"))
                  and os.path.isdir(os.path.join(root, d, "cases")))


def run_sendlens(binary, path, edition):
    """The CLI's report for one file, or (None, reason) when it did not give one."""
    proc = subprocess.run([binary, "--json", "--edition", edition, path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    if proc.returncode not in (0, 1):
        return None, "sendlens exit %d: %s" % (proc.returncode, proc.stderr.decode(errors="replace")[-200:])
    try:
        return json.loads(proc.stdout), None
    except ValueError as e:
        return None, "sendlens printed no report: %s" % e


def check_one(job, binary, deps_folder, externs):
    """(status, detail) for one rustc-rejected fixture; status is fixed/not-fixed/no-fix/crash."""
    name, path, edition = job
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as outdir:
        blind = os.path.join(tmp, "main.rs")
        shutil.copyfile(path, blind)
        report, problem = run_sendlens(binary, blind, edition)
        if report is None:
            return "crash", problem
        errors = [d for d in report.get("diagnostics") or [] if d.get("severity") == "error"]
        if not errors:
            return "no-fix", "sendlens reports no error"
        # newline="": the edits are byte offsets into the file as it is; Python's newline
        # translation would turn CRLF into LF and shift every offset after the first line.
        with open(path, encoding="utf-8", newline="") as f:
            fixed = apply_first_fixes(f.read(), errors)
        if fixed is None:
            return "no-fix", "no applicable fix among %d error(s)" % len(errors)
        with open(blind, "w", encoding="utf-8", newline="") as f:
            f.write(fixed)
        remaining = rustc_errors(blind, edition, deps_folder, externs, outdir)
        if remaining:
            return "not-fixed", "rustc still rejects it: %s" % remaining[0]
        return "fixed", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", metavar="FIXTURE_DIR")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "sendlens"))
    ap.add_argument("--no-build", action="store_true", help="do not run `cargo build --release` first")
    ap.add_argument("--deps-dir", default=DEFAULT_DEPS_DIR)
    ap.add_argument("--min", type=float, help="fail (exit 1) below this fraction of fixtures fixed")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("-q", "--quiet", action="store_true", help="list only fixtures not fixed")
    args = ap.parse_args()

    if not args.no_build:
        # Compiler warnings would bury the results; they are shown only if the build fails.
        build = subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "sendlens"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if build.returncode:
            sys.stderr.write(build.stdout)
            raise SystemExit(2)
    if not os.access(args.bin, os.X_OK):
        sys.stderr.write("check_fixes: %s is not an executable\n" % args.bin)
        raise SystemExit(2)

    jobs = []
    for d in fixture_dirs(args.dirs):
        set_name = os.path.basename(os.path.normpath(d))
        with open(os.path.join(d, "labels.jsonl"), encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec["verdict"] == "error" and rec.get("category") != "syntax-error":
                    jobs.append(("%s/%s" % (set_name, rec["file"]), os.path.join(d, "cases", rec["file"]),
                                 rec.get("edition") or "2021"))
    if not jobs:
        sys.stderr.write("check_fixes: no rustc-rejected fixtures found\n")
        raise SystemExit(2)

    deps_folder, externs = build_deps(args.deps_dir)
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as ex:
        results = list(ex.map(lambda job: check_one(job, args.bin, deps_folder, externs), jobs))

    counts = {"fixed": 0, "not-fixed": 0, "no-fix": 0, "crash": 0}
    for (name, _, _), (status, detail) in zip(jobs, results):
        counts[status] += 1
        if status != "fixed" or not args.quiet:
            print("%-10s %s%s" % (status.upper(), name, "  " + detail if detail else ""))
    fixed, total = counts["fixed"], len(jobs)
    rate = fixed / total
    print("fixes-compile %d/%d (%.1f%%)  not-fixed %d  no-fix %d  crash %d"
          % (fixed, total, 100 * rate, counts["not-fixed"], counts["no-fix"], counts["crash"]))
    if args.min is not None and rate < args.min:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
