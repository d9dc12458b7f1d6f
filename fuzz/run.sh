#!/usr/bin/env bash
# Runs one fuzz target for a wall-clock budget on one core, restarting after each crash or hang
# (libFuzzer stops at the first one) so a single finding does not end the run, and sums
# libFuzzer's own final figures ("Done N runs in S second(s)") over the restarts.
#
#   fuzz/run.sh analyze 2400            # build once, then fuzz `analyze` for 40 minutes
#   fuzz/run.sh structured 1800 --no-build
#
# Findings land in fuzz/artifacts/<target>/, the log in fuzz/logs/<target>.log, the growing
# corpus in fuzz/corpus/<target>/ (seeded from tests/fixtures/*/cases for `analyze`).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target: analyze or structured}
budget=${2:?seconds}
flags=(-s none -a --no-cfg-fuzzing)
if [[ "${3:-}" != "--no-build" ]]; then
  cargo +nightly fuzz build "${flags[@]}" "$target"
fi
bin=target/x86_64-unknown-linux-gnu/release/$target
mkdir -p "corpus/$target" "artifacts/$target" logs
if [[ "$target" == analyze && -z "$(ls -A corpus/analyze)" ]]; then
  cp ../tests/fixtures/*/cases/*.rs corpus/analyze/
fi
log=logs/$target.log
: >"$log"
start=$(date +%s)
restarts=0
while :; do
  left=$((budget - ($(date +%s) - start)))
  ((left > 5)) || break
  # -timeout: an input that takes over 10 s is reported as a hang (a crash-like artifact).
  # -max_len 4096: the page re-analyses on every keystroke; larger inputs are the job of
  # tests/hostile.rs, which builds them by the megabyte.
  status=0
  SENDLENS_FUZZ_LAST="logs/$target.last" "$bin" -artifact_prefix="artifacts/$target/" \
    -max_total_time="$left" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "corpus/$target" >>"$log" 2>&1 || status=$?
  # Killed by a signal (128 + n) without libFuzzer's report: a stack overflow. Keep the input.
  if ((status > 128)) && ! tail -n 30 "$log" | grep -q 'ERROR: libFuzzer'; then
    cp "logs/$target.last" "artifacts/$target/signal-$status-$(date +%s).txt"
    echo "== killed by signal $((status - 128)); input kept in artifacts/$target/" >>"$log"
  fi
  restarts=$((restarts + 1))
  ((restarts < 50)) || break
done
# Executions: libFuzzer's counter ("#N ...") at the end of each session, summed; a session that
# died of a signal printed no final stats, so its last status line counts instead.
executions=$(grep -oE '^#[0-9]+' "$log" | tr -d '#' | awk 'NR > 1 && $1 < prev {s += prev} {prev = $1} END {print s + prev}')
findings=$(ls "artifacts/$target" | wc -l)
echo "target=$target wall=$(( $(date +%s) - start ))s sessions=$restarts executions>=$executions findings-kept=$findings" | tee -a "$log"
