#!/usr/bin/env bash
# smoke.sh — a short fuzzing run of every target (step 2 of scripts/test, so of .ci/run): replays the kept regression inputs, then
# fuzzes each target for SECONDS (default 20) from its seed corpus and the corpus earlier
# campaigns kept (fuzz/grown/, unpacked by run.sh into an empty corpus: every input in it is run
# first, so the smoke of a fresh clone replays all of them — about 30 s per pack target). Fails
# on any crash, leak, sanitizer report or timeout.
# Usage: fuzz/smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
for target in fuzz_rule_pack fuzz_document fuzz_waivers; do
  echo "== $target: ${seconds}s" >&2
  log=$(mktemp)
  if ! fuzz/run.sh "$target" "$seconds" tests/regressions/"$target" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units|#[0-9]+.*DONE)' "$log" >&2 || tail -n 2 "$log" >&2
  rm -f "$log"
done
