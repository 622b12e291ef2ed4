#!/usr/bin/env bash
# Wall time of whole gapcheck runs: median, fastest and slowest of N runs (default 30) of the
# release binary with the given arguments, after one untimed run (which fills the taxonomy cache).
#
#   tools/e2e-time.sh [-n N] -- ARGS...
#   e.g. tools/e2e-time.sh -- --isolated --as-of 2026-11 examples/resume-ml-engineer.txt examples/job-ml-engineer.txt
#        tools/e2e-time.sh -- --no-cache --isolated ...          (compile the taxonomy every run)
set -euo pipefail
cd "$(dirname "$0")/.."
n=30
if [[ "${1:-}" == "-n" ]]; then n="$2"; shift 2; fi
[[ "${1:-}" == "--" ]] && shift
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/gapcheck"
"$bin" "$@" >/dev/null 2>&1 || true
times=()
for _ in $(seq "$n"); do
  start=$(date +%s%N)
  "$bin" "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
ms() { awk -v us="$1" 'BEGIN { printf "%.1f ms", us / 1000 }'; }
echo "runs: $n  median: $(ms "${sorted[$((n / 2))]}")  fastest: $(ms "${sorted[0]}")  slowest: $(ms "${sorted[$((n - 1))]}")"
