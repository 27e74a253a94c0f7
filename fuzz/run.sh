#!/usr/bin/env bash
# run.sh — builds a libFuzzer target with clang (ASan + UBSan) and runs it for a while.
# Usage: fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#   TARGET: fuzz_rule_pack | fuzz_document | fuzz_waivers
#   Environment: FUZZ_BUILD (default build-fuzz), FUZZ_JOBS (build parallelism, default 2).
# The corpus grows in FUZZ_BUILD/corpus/TARGET (seeded from fuzz/corpus/TARGET, which is never
# written, and started from fuzz/grown/TARGET.tar.xz when empty); crashes land in FUZZ_BUILD/artifacts/TARGET/. Exit status: libFuzzer's (0 = nothing found).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
shift 2
build=${FUZZ_BUILD:-build-fuzz}
case "$target" in
  fuzz_rule_pack|fuzz_document|fuzz_waivers) ;;
  *) echo "run.sh: unknown target '$target'" >&2; exit 2 ;;
esac
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTANCHECK_FUZZ=ON \
    -DBUILD_TESTING=OFF -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "$target"
corpus="$build/corpus/$target"
artifacts="$build/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
# A new corpus starts from what earlier runs found (fuzz/corpus.sh save), not from the seeds alone.
if [ -f "fuzz/grown/$target.tar.xz" ] && [ -z "$(ls -A "$corpus")" ]; then
  tar -xJf "fuzz/grown/$target.tar.xz" -C "$corpus"
fi
dict=()
[ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# -rss_limit_mb: hostile inputs must stay bounded; -timeout: no input may take seconds.
exec "$build/fuzz/$target" "$corpus" "fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" "$@"
