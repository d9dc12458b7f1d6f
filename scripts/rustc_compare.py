#!/usr/bin/env python3
"""sendlens next to the alternative a user has: rustc type-checking the same snippet.

    python3 scripts/rustc_compare.py [FIXTURE_DIR] [--runs 3] [--limit N] [--no-build]
                                     [--bin target/release/sendlens] [--deps-dir DIR] [--json OUT]

For every fixture of FIXTURE_DIR (default tests/fixtures/corpus: cases/*.rs with the editions of
labels.jsonl), in one run and interleaved (rustc, sendlens, rustc, sendlens, ...) so both see the
same machine load:
- rustc: `rustc --edition E --crate-type bin --emit=metadata --extern tokio=... ...` (type-checking,
  no code generation), against prebuilt dependencies: the corpus labeller's pinned tokio, futures,
  smol, async-std, rand, axum, async-trait and actix-web;
- sendlens as a process: the release CLI, `sendlens --json --edition E FILE` (process start,
  reading, analysis, printing the report);
- sendlens per analysis: the same CLI given the file --batch times at once, T(batch) / batch: the
  process start is shared by the batch, analysis and printing remain (an upper bound of the
  analysis alone; a difference T(batch) - T(1) would drown in the jitter of process starts).
Each is the median wall time of --runs runs. It prints one line per snippet with the times and
both ratios, then the median, minimum and maximum of each ratio.

Needs the dependency build. It reuses <tmp>/rust-async-oracle-deps-v4 (label.py's location and
layout; built by label.py or by scripts/check_fixes.py, or here on first use: crates.io access,
2-3 minutes on 2 cores). Not part of `cargo test`.
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_check_fixes():
    """The dependency build and rustc invocation live in check_fixes.py (vendored from label.py):
    one copy of the pins."""
    spec = importlib.util.spec_from_file_location("check_fixes", os.path.join(ROOT, "scripts", "check_fixes.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fixtures(folder):
    """(path, edition) for every labeled fixture, sorted by name."""
    editions = {}
    with open(os.path.join(folder, "labels.jsonl")) as f:
        for line in f:
            if line.strip():
                label = json.loads(line)
                editions[label["file"]] = str(label.get("edition") or "2021")
    cases = os.path.join(folder, "cases")
    return [(os.path.join(cases, name), editions[name]) for name in sorted(editions)
            if os.path.exists(os.path.join(cases, name))]


def wall(cmd, cwd=None):
    """Seconds for one run of `cmd`, and its exit status."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default=os.path.join(ROOT, "tests", "fixtures", "corpus"))
    ap.add_argument("--runs", type=int, default=3, help="runs per snippet and tool (median); default 3")
    ap.add_argument("--batch", type=int, default=41, help="copies of the file for the per-analysis time")
    ap.add_argument("--limit", type=int, default=0, help="only the first N snippets")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release first")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "sendlens"))
    ap.add_argument("--deps-dir", default=None, help="the dependency project (default: label.py's)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    check_fixes = load_check_fixes()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--bin", "sendlens"], cwd=ROOT, check=True)
    if not os.path.exists(args.bin):
        sys.exit("rustc_compare: no sendlens binary at %s (build it or pass --bin)" % args.bin)
    deps_dir = args.deps_dir or check_fixes.DEFAULT_DEPS_DIR
    sys.stderr.write("rustc_compare: dependency build in %s\n" % deps_dir)
    deps_folder, externs = check_fixes.build_deps(deps_dir)

    cases = fixtures(args.folder)
    if args.limit:
        cases = cases[:args.limit]
    rustc_version = subprocess.run(["rustc", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    rows = []
    with tempfile.TemporaryDirectory() as out:
        for path, edition in cases:
            folder, base = os.path.split(path)
            crate = "cmp_" + "".join(c if c.isalnum() else "_" for c in base[:-3])
            rustc = ["rustc", "--edition", edition, "--crate-type", "bin", "--crate-name", crate,
                     "--emit=metadata", "-o", os.path.join(out, crate + ".rmeta"),
                     "-L", "dependency=" + deps_folder]
            for name, lib in sorted(externs.items()):
                rustc += ["--extern", "%s=%s" % (name, lib)]
            rustc.append(base)
            sendlens = [args.bin, "--json", "--edition", edition, path]
            batch = sendlens + [path] * (args.batch - 1)
            rustc_times, process_times, per_analysis = [], [], []
            rustc_status = None
            for _ in range(args.runs):
                t, rustc_status = wall(rustc, cwd=folder)
                rustc_times.append(t)
                one, status = wall(sendlens)
                if status not in (0, 1):
                    sys.exit("rustc_compare: sendlens exited with %d on %s" % (status, path))
                many, _ = wall(batch)
                process_times.append(one)
                per_analysis.append(many / args.batch)
            r = statistics.median(rustc_times)
            p = statistics.median(process_times)
            a = statistics.median(per_analysis)
            rows.append({"file": base, "edition": edition, "rustc_ms": r * 1e3, "sendlens_process_ms": p * 1e3,
                         "sendlens_analysis_ms": a * 1e3, "ratio_process": r / p, "ratio_analysis": r / a,
                         "rustc_accepts": rustc_status == 0})
            print("%-58s rustc %7.1f ms | sendlens process %6.2f ms %5.0fx | per analysis %6.3f ms %6.0fx"
                  % (base, r * 1e3, p * 1e3, r / p, a * 1e3, r / a), flush=True)

    def spread(key):
        values = [row[key] for row in rows]
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    summary = {
        "snippets": len(rows), "runs": args.runs, "batch": args.batch, "rustc": rustc_version,
        "rustc_ms": spread("rustc_ms"), "sendlens_process_ms": spread("sendlens_process_ms"),
        "sendlens_analysis_ms": spread("sendlens_analysis_ms"),
        "ratio_process": spread("ratio_process"), "ratio_analysis": spread("ratio_analysis"),
    }
    print("\n%d snippets, median of %d runs each, %s" % (len(rows), args.runs, rustc_version))
    print("rustc --emit=metadata: median %.1f ms; sendlens process: median %.2f ms; per analysis: median %.3f ms"
          % (summary["rustc_ms"]["median"], summary["sendlens_process_ms"]["median"],
             summary["sendlens_analysis_ms"]["median"]))
    for key, what in (("ratio_process", "rustc / sendlens process"), ("ratio_analysis", "rustc / sendlens per analysis")):
        print("ratio %s: median %.0fx (min %.0fx, max %.0fx)"
              % (what, summary[key]["median"], summary[key]["min"], summary[key]["max"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": summary, "snippets": rows}, f, indent=1)


if __name__ == "__main__":
    main()
