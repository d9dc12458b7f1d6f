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
#   COMPARE_EXTRA   (environment) more folders of *.rs inputs, space-separated, e.g. the output of
#                   `scripts/gen_tasks.py /tmp/gen 400` (generated tasks mixing loops, branches,
#                   moves, re-assignments and borrows)
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
for dir in ${COMPARE_EXTRA:-}; do
    mapfile -t more < <(find "$dir" -name '*.rs' | sort)
    inputs+=("${more[@]}")
done
if [ -n "$dump" ]; then
    for f in "$dump"/lines_1k.rs "$dump"/lines_10k.rs "$dump"/lines_100k.rs; do
        [ -f "$f" ] && inputs+=("$f") || echo "missing $f" >&2
    done
fi

status=0
for edition in 2021 2024; do
    differ=()
    bytes=0
    for f in "${inputs[@]}"; do
        # One process per file (several files would give JSON Lines); the exit status and
        # anything on stderr are part of the result, so a crash shows as a difference.
        b=$("$base" --json --edition "$edition" "$f" 2>&1; echo "exit $?")
        n=$("$new" --json --edition "$edition" "$f" 2>&1; echo "exit $?")
        bytes=$((bytes + ${#n}))
        if [ "$b" != "$n" ]; then
            differ+=("$f")
            printf '%s\n' "$b" >"$out/base.txt"
            printf '%s\n' "$n" >"$out/new.txt"
        fi
    done
    if [ ${#differ[@]} -eq 0 ]; then
        echo "edition $edition: ${#inputs[@]} inputs, reports identical ($bytes bytes)"
    else
        echo "edition $edition: ${#differ[@]} of ${#inputs[@]} reports DIFFER:"
        printf '  %s\n' "${differ[@]:0:20}"
        echo "  first difference in the last one (lines cut at 300 characters):"
        diff "$out/base.txt" "$out/new.txt" | cut -c1-300 | head -6
        status=1
    fi
done
exit $status
