#!/usr/bin/env python3
"""Regenerate the compiler-output fixtures of `tests/rustc_output.rs`.

Usage:
    python3 tests/rustc_output/make_fixtures.py [--corpus DIR] [--deps-dir PATH]

Every file under `out/` is written by a real compiler (rustc 1.95 and cargo 1.95 on this
machine); none is written by hand.

Programs
--------
`programs/*.rs` are the inputs: the corpus cases listed in CORPUS_CASES are copied in from
`/work/shared/corpus/cases` (the corpus of compiler-labelled snippets), the others are written
for these fixtures (E0382, E0502, E0521, E0310, a future that must be `Sync`, axum's
`middleware::from_fn`, warnings, tab indentation and non-ASCII text, deep indentation, a long
line, nested multi-line spans, several errors in one file).

Each program is type-checked the way `/work/shared/corpus/label.py` does it (its `build_deps`
locates the pinned tokio, axum, ... builds; the rustc command is the one of its
`compile_errors`): `rustc --edition E --crate-type bin --emit=metadata -L dependency=... --extern
...` run from `programs/` with the file's base name, so diagnostics name only that base name.
For each program NAME:

- `out/NAME.human.txt`  stderr of `--error-format=human --color=never`
- `out/NAME.ansi.txt`   stderr of `--error-format=human --color=always` (ANSI escape codes)
- `out/NAME.json`       stderr of `--error-format=json` (one JSON object a line)
- `out/NAME.short.txt`  stderr of `--error-format=short` (for the programs in DERIVED)

Cargo projects
--------------
`cargo/NAME/` are small multi-file cargo projects. Each is copied to
`/tmp/sendlens-rustc-output-cargo/NAME` (cargo refuses to build a package inside this
repository's workspace) and checked offline with the pinned versions of
`/tmp/rust-async-oracle-deps-v5/Cargo.lock`; the sources are touched before every run so that
each run compiles and reports afresh. For each project:

- `out/cargo_NAME.human.txt`     stderr of `cargo check --color=never` (Checking/Finished lines)
- `out/cargo_NAME.ansi.txt`      stderr of `cargo check --color=always`
- `out/cargo_NAME.json`          stdout+stderr of `cargo check --message-format=json` (cargo's
                                 JSON lines on stdout, its status lines on stderr: the mix a
                                 `2>&1` pipe gives)
- `out/cargo_NAME.json-ansi.json` stdout of `--message-format=json-diagnostic-rendered-ansi`
- `out/cargo_NAME.short.txt`     stderr of `cargo check --message-format=short`

Derived variants (made by this script from the real outputs, not by a compiler)
------------------------------------------------------------------------------
For the programs in DERIVED:
- `out/NAME.crlf.human.txt`, `out/NAME.crlf.json`: the real output with every `\\n` made
  `\\r\\n` (as pasted from a Windows terminal).
- `out/NAME.windows.human.txt`, `out/NAME.windows.json`: the real output with every file path
  rewritten the way rustc prints it on Windows: the program's own file as
  `src\\NAME.rs`, absolute paths (`/root/.cargo/registry/...`, `/rustc/...`) as
  `C:\\Users\\dev\\.cargo\\registry\\...` / `C:\\rustc\\...` with backslashes. In the JSON the same
  rewrite is applied to `file_name` values and to the `message`, `label` and `rendered` texts
  (rustc names the file the same way inside messages: `{async block@src\\main.rs:9:30: 9:40}`).

Normalisation: rustc writes over-long type names to `<out-dir>/<crate>.long-type-<random>.txt`
and names that file in a note; the random number is replaced by `0` (in every output form alike)
so that regenerating the fixtures gives the same rustc outputs byte for byte. The cargo runs
differ between regenerations only where cargo itself varies: its `Finished ... in 0.52s` timings
and the order of its `compiler-artifact` messages for fresh dependencies.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
CARGO = os.path.join(HERE, "cargo")
OUT = os.path.join(HERE, "out")
CARGO_WORK = "/tmp/sendlens-rustc-output-cargo"
# A fixed output folder, so that the long-type file names in notes are stable.
RUSTC_OUT = "/tmp/sendlens-rustc-output-rmeta"

# Corpus cases copied into programs/: every error kind sendlens cares about, axum handlers,
# several errors in one file, syntax errors, long type names.
CORPUS_CASES = [
    "d001_seed_rc-refcell-counter.rs",
    "d003_seed_borrow-my-data.rs",
    "d007_rc-capture_thread-spawn-rc.rs",
    "d014_refcell-arc_arc-cell-thread.rs",
    "d019_guard-across-await_std-mutex-sleep.rs",
    "d022_guard-across-await_rwlock-read.rs",
    "d027_refcell-borrow-across-await_borrow-mut-sleep.rs",
    "d034_temporary-scope_if-let-pop.rs",
    "d043_non-move-borrow_thread-spawn-vec.rs",
    "d045_non-move-borrow_tokio-string-ref.rs",
    "d047_non-move-borrow_scope-refcell.rs",
    "d050_non-move-borrow_loop-ref-no-clone.rs",
    "d053_raw-pointer_const-ptr-captured.rs",
    "d057_async-fn-spawned_worker-rc.rs",
    "d060_async-fn-spawned_future-in-variable.rs",
    "d063_async-fn-spawned_borrowed-arg.rs",
    "d065_struct-field_struct-with-rc.rs",
    "d075_dyn-trait_question-mark-in-task.rs",
    "d080_spawn-variants_spawn-blocking-rc.rs",
    "d088_mpsc-and-channels_std-receiver-shared.rs",
    "d099_macro-captures_select-rc.rs",
    "d102_macro-captures_format-borrow-non-move.rs",
    "d110_syntax-error_unclosed-brace.rs",
    "d111_syntax-error_stray-token.rs",
    "d113_syntax-error_bad-async-keyword.rs",
    "d124_use-after-move_arc-used-after-spawn.rs",
    "d126_use-after-move_string-into-thread.rs",
    "d130_dyn-trait_thread-rng-across-await.rs",
    "d132_handlers_axum-std-guard-held-over-sleep.rs",
    "d134_handlers_axum-rc-refcell-local-list.rs",
    "d139_handlers_axum-state-struct-with-rc.rs",
    "d140_handlers_axum-helper-fn-holds-guard.rs",
    "d142_handlers_async-trait-rc-over-await.rs",
    "d144_handlers_afit-future-spawned-generic.rs",
    "d146_handlers_impl-future-send-rc-body.rs",
    "d150_handlers_actix-factory-captures-rc.rs",
    "d162_ecosystem_parking-lot-reentrant-guard-over-await.rs",
    "d167_ecosystem_dashmap-rc-values-shared.rs",
    "d168_ecosystem_rusqlite-arc-connection-threads.rs",
    "d174_ecosystem_scraper-html-over-await-task.rs",
    "d186_ecosystem_actix-app-held-in-tokio-task.rs",
    "d191_ecosystem_mix-axum-parking-guard-instrumented-await.rs",
    "d002_seed_arc-mutex-counter.rs",  # compiles: empty output
]

# Programs that also get a CRLF and a Windows-path variant.
DERIVED = [
    "d001_seed_rc-refcell-counter",
    "d019_guard-across-await_std-mutex-sleep",
    "d132_handlers_axum-std-guard-held-over-sleep",
    "e0382_use_after_move",
    "multi_error",
    "warnings_only",
    "d007_rc-capture_thread-spawn-rc",
]

LONG_TYPE_RE = re.compile(r"(\.long-type-)\d+(\.txt)")


def stable(text):
    return LONG_TYPE_RE.sub(r"\g<1>0\g<2>", text)


def load_label(corpus):
    sys.path.insert(0, corpus)
    import label  # noqa: E402  (the corpus's labeller: build_deps, snippet_edition)
    return label


def rustc(label, deps_folder, externs, base, fmt, color):
    edition = label.snippet_edition(os.path.join(PROGRAMS, base))
    crate = "snippet_" + re.sub(r"[^A-Za-z0-9_]", "_", base[:-3])
    cmd = ["rustc", "--edition", edition, "--crate-type", "bin", "--crate-name", crate,
           "--emit=metadata", "-o", os.path.join(RUSTC_OUT, crate + ".rmeta"),
           "--error-format=" + fmt, "--color=" + color, "-L", "dependency=" + deps_folder]
    for name, rlib in sorted(externs.items()):
        cmd += ["--extern", "%s=%s" % (name, rlib)]
    cmd.append(base)
    proc = subprocess.run(cmd, cwd=PROGRAMS, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return stable(proc.stderr.decode("utf-8"))


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def windows_path(path, own):
    """A path as rustc prints it on Windows."""
    if path == own:
        return "src\\" + own
    m = re.match(r"^/root/(.*)$", path)
    if m:
        return "C:\\Users\\dev\\" + m.group(1).replace("/", "\\")
    m = re.match(r"^/rustc/(.*)$", path)
    if m:
        return "C:\\rustc\\" + m.group(1).replace("/", "\\")
    return path.replace("/", "\\")


PATH_IN_TEXT = re.compile(r"(?P<p>(?:/root|/rustc)/[^\s:'`]+|[A-Za-z0-9_.-]+\.rs)")


def windows_text(text, own):
    return PATH_IN_TEXT.sub(lambda m: windows_path(m.group("p"), own), text)


def windows_json(text, own):
    out = []
    for line in text.split("\n"):
        try:
            obj = json.loads(line)
        except ValueError:
            out.append(line)
            continue

        def fix(d):
            if isinstance(d, dict):
                for k, v in d.items():
                    if k == "file_name" and isinstance(v, str):
                        d[k] = windows_path(v, own)
                    elif k in ("rendered", "message", "label") and isinstance(v, str):
                        d[k] = windows_text(v, own)
                    else:
                        fix(v)
            elif isinstance(d, list):
                for v in d:
                    fix(v)
        fix(obj)
        out.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(out)


def cargo_runs(lockfile):
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(CARGO_WORK, "target"), CARGO_TERM_PROGRESS_WHEN="never")
    for proj in sorted(os.listdir(CARGO)):
        src = os.path.join(CARGO, proj)
        dst = os.path.join(CARGO_WORK, proj)
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
        shutil.copy(lockfile, os.path.join(dst, "Cargo.lock"))
        # Dependencies first (their output is not kept).
        subprocess.run(["cargo", "check", "--offline", "-q"], cwd=dst, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def run(args, keep):
            for f in glob.glob(os.path.join(dst, "src", "**", "*.rs"), recursive=True):
                os.utime(f)
            proc = subprocess.run(["cargo", "check", "--offline"] + args, cwd=dst, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
            return stable({"stderr": err, "stdout": out, "both": out + err}[keep])

        write("cargo_%s.human.txt" % proj, run(["--color=never"], "stderr"))
        write("cargo_%s.ansi.txt" % proj, run(["--color=always"], "stderr"))
        write("cargo_%s.json" % proj, run(["--message-format=json", "--color=never"], "both"))
        write("cargo_%s.json-ansi.json" % proj,
              run(["--message-format=json-diagnostic-rendered-ansi"], "stdout"))
        write("cargo_%s.short.txt" % proj, run(["--message-format=short", "--color=never"], "stderr"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--deps-dir", default="/tmp/rust-async-oracle-deps-v5")
    args = ap.parse_args()

    label = load_label(args.corpus)
    deps_folder, externs = label.build_deps(args.deps_dir)
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(RUSTC_OUT, exist_ok=True)
    for case in CORPUS_CASES:
        shutil.copy(os.path.join(args.corpus, "cases", case), os.path.join(PROGRAMS, case))

    for base in sorted(f for f in os.listdir(PROGRAMS) if f.endswith(".rs")):
        name = base[:-3]
        human = rustc(label, deps_folder, externs, base, "human", "never")
        ansi = rustc(label, deps_folder, externs, base, "human", "always")
        js = rustc(label, deps_folder, externs, base, "json", "never")
        write(name + ".human.txt", human)
        write(name + ".ansi.txt", ansi)
        write(name + ".json", js)
        if name in DERIVED:
            write(name + ".short.txt", rustc(label, deps_folder, externs, base, "short", "never"))
            write(name + ".crlf.human.txt", human.replace("\n", "\r\n"))
            write(name + ".crlf.json", js.replace("\n", "\r\n"))
            write(name + ".windows.human.txt", windows_text(human, base))
            write(name + ".windows.json", windows_json(js, base))
        sys.stderr.write("%s: %d lines human, %d JSON lines\n"
                         % (name, human.count("\n"), js.count("\n")))

    cargo_runs(os.path.join(args.deps_dir, "Cargo.lock"))
    sys.stderr.write("rustc: %s\n" % label.rustc_version())


if __name__ == "__main__":
    main()
