#!/usr/bin/env bash
# Checks that two builds of the CLI give byte-identical JSON reports: every fixture under
# tests/fixtures/ in both editions, and the generated 1k/10k/100k-line bench files.
# A speed change must not change a report; run this after every such change.
#
# Usage: scripts/compare_reports.sh BASE_BIN NEW_BIN [BENCH_DUMP_DIR]
#   BASE_BIN  the CLI built at the starting commit, e.g.
#             git worktree add /tmp/base HEAD && cargo build --release --bin sendlens --target-dir /tmp/base-target
#   NEW_BIN   the CLI under test (target/release/sendlens)
#   BENCH_DUMP_DIR  where `SENDLENS_BENCH_DUMP=DIR cargo bench --bench analyze` wrote lines_*.rs
# Exit status 0 when every report is identical, 1 otherwise (the first differing lines printed).
set -u
base=$1
new=$2
dump=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

mapfile -t fixtures < <(find "$root/tests/fixtures" -name '*.rs' | sort)
inputs=("${fixtures[@]}")
if [ -n "$dump" ]; then
    for f in "$dump"/lines_1k.rs "$dump"/lines_10k.rs "$dump"/lines_100k.rs; do
        [ -f "$f" ] && inputs+=("$f") || echo "missing $f" >&2
    done
fi

status=0
for edition in 2021 2024; do
    for which in base new; do
        bin=${!which}
        # One process per file: several files would give JSON Lines; a crash on one file must
        # show as a difference, not hide the others. The exit status is part of the result.
        for f in "${inputs[@]}"; do
            echo "== $f"
            "$bin" --json --edition "$edition" "$f" 2>&1
            echo "exit $?"
        done >"$out/$which-$edition.txt"
    done
    if cmp -s "$out/base-$edition.txt" "$out/new-$edition.txt"; then
        echo "edition $edition: ${#inputs[@]} inputs, reports identical ($(wc -c <"$out/new-$edition.txt") bytes)"
    else
        echo "edition $edition: REPORTS DIFFER"
        diff "$out/base-$edition.txt" "$out/new-$edition.txt" | head -20
        status=1
    fi
done
exit $status
