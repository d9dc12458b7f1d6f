#!/usr/bin/env bash
# Runs the analyzer benchmarks (benches/analyze.rs, divan) and prints a compact table: median
# time per input, µs per snippet (corpus), MB/s, next to syn::parse_file alone on the same input.
#
# Usage: scripts/bench_table.sh [extra divan args, e.g. --sample-count 50]
# Needs python3 (only to reshape divan's output).
set -euo pipefail
cd "$(dirname "$0")/.."

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
# stderr carries the "input ..." lines the bench prints about its inputs; cargo's own progress is
# filtered out by the parser.
cargo bench --quiet --bench analyze -- "$@" >"$raw" 2>&1 || { cat "$raw"; exit 1; }

python3 - "$raw" <<'EOF'
import re
import sys

UNITS = {"ns": 1e-3, "µs": 1.0, "us": 1.0, "ms": 1e3, "s": 1e6}
inputs = {}   # name -> (files, lines, bytes)
slowest = []  # "name N µs" of the slowest corpus fixtures
medians = {}  # (bench, input) -> (µs, MB/s)
bench = None
pending = None
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"input (\S+): (\d+) files, (\d+) lines, (\d+) bytes", line)
    if m:
        inputs[m.group(1)] = tuple(int(m.group(i)) for i in (2, 3, 4))
        continue
    # Rows look like `│  ├─ corpus   4.6 ms │ 12.67 ms │ 4.806 ms │ ...` (fastest, slowest,
    # median, mean), each followed by throughput rows; drop the tree drawing, then split.
    m = re.match(r"slowest fixture: (.*)", line)
    if m:
        slowest.append(m.group(1))
        continue
    cells = line.rstrip("\n").lstrip("│├╰─ ").split("│")
    if len(cells) < 4:
        continue
    head = cells[0].strip()
    m = re.match(r"([A-Za-z_0-9]+)\s+([\d.]+)\s*(ns|µs|us|ms|s)$", head)
    if m and m.group(1) in inputs:
        t = re.match(r"\s*([\d.]+)\s*(ns|µs|us|ms|s)", cells[2])
        pending = (bench, m.group(1), float(t.group(1)) * UNITS[t.group(2)])
        continue
    if re.fullmatch(r"[A-Za-z_0-9]+", head):
        bench = head
        continue
    if pending and "B/s" in cells[2]:
        t = re.match(r"\s*([\d.]+)\s*(B|KB|MB|GB)/s", cells[2])
        scale = {"B": 1e-6, "KB": 1e-3, "MB": 1.0, "GB": 1e3}[t.group(2)]
        medians[pending[:2]] = (pending[2], float(t.group(1)) * scale)
        pending = None

if not medians:
    sys.exit("bench_table: no timings found in the benchmark output")
print("%-10s %6s %7s %8s | %12s %10s %7s | %12s %7s | %8s" % (
    "input", "files", "lines", "bytes", "analyze", "per file", "MB/s", "parse only", "MB/s", "analysis"))
for name, (files, lines, size) in inputs.items():
    a = medians.get(("analyze", name))
    p = medians.get(("syn_parse_file", name))
    if not a or not p:
        continue
    print("%-10s %6d %7d %8d | %9.0f µs %7.1f µs %7.1f | %9.0f µs %7.1f | %7.0f%%" % (
        name, files, lines, size, a[0], a[0] / files, a[1], p[0], p[1], 100 * (a[0] - p[0]) / p[0]))
print("(medians; 'analysis' is the time beyond parsing, relative to parsing alone)")
if slowest:
    print("slowest corpus fixtures (analyze, median of 21 runs): " + ", ".join(slowest))
EOF
