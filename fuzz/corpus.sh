#!/usr/bin/env bash
# corpus.sh — keeps what fuzzing found: a target's grown corpus, minimised, in the repository.
# Usage: fuzz/corpus.sh save TARGET
#   Minimises FUZZ_BUILD/corpus/TARGET (default build-fuzz; no fuzzer may be writing it) with
#   libFuzzer's -merge=1 against the seeds in fuzz/corpus/TARGET and writes the inputs that add
#   coverage beyond the seeds to fuzz/grown/TARGET.tar.xz (sorted, no owners or times, so the
#   same corpus gives the same archive). fuzz/run.sh unpacks it into an empty corpus directory,
#   so a fresh machine resumes where the last one stopped instead of from the seeds, and the
#   smoke in .ci/run replays every input in it.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:?usage: fuzz/corpus.sh save TARGET}
target=${2:?usage: fuzz/corpus.sh save TARGET}
build=${FUZZ_BUILD:-build-fuzz}
case "$target" in
  fuzz_rule_pack|fuzz_document|fuzz_waivers) ;;
  *) echo "corpus.sh: unknown target '$target'" >&2; exit 2 ;;
esac
[ "$cmd" = save ] || { echo "corpus.sh: unknown command '$cmd'" >&2; exit 2; }
bin="$build/fuzz/$target"
[ -x "$bin" ] || { echo "corpus.sh: build $bin first (fuzz/run.sh $target 1)" >&2; exit 2; }
grown="$build/corpus/$target"
[ -d "$grown" ] || { echo "corpus.sh: no corpus in $grown" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/merged"
# The seeds go in first, so only inputs adding coverage beyond them are merged in; then they
# are taken out again (they are in the repository already).
cp fuzz/corpus/"$target"/* "$work/merged/"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
"$bin" -merge=1 -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
  -merge_control_file="$work/control" "$work/merged" "$grown" >"$work/log" 2>&1 ||
  { tail -n 20 "$work/log" >&2; exit 1; }
for f in fuzz/corpus/"$target"/*; do rm -f "$work/merged/$(basename "$f")"; done
mkdir -p fuzz/grown
n=$(find "$work/merged" -type f | wc -l)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/merged" -cf - . |
  xz -9 -T1 >fuzz/grown/"$target".tar.xz
grep -E 'MERGE-OUTER: [0-9]+ new files' "$work/log" >&2 || true
echo "corpus.sh: $n inputs beyond the seeds -> fuzz/grown/$target.tar.xz ($(stat -c %s fuzz/grown/"$target".tar.xz) bytes)" >&2
